// Development certificate and token-signing key, generated on first start and kept in
// <repo>/.emulator/ (git-ignored) so the browser's certificate exception and issued tokens
// survive restarts.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "selfsigned";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";

export const defaultStateDir = fileURLToPath(new URL("../.emulator/", import.meta.url));

export type TlsMaterial = { key: string; cert: string };

/** The RSA key that signs every token, with the public JWK published at jwks_uri. */
export type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

const certFile = "localhost-cert.pem";
const keyFile = "localhost-key.pem";
const signingKeyFile = "signing-key.jwk.json";

function stillValid(certPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    return new Date(cert.validTo).getTime() > Date.now() + 24 * 3600 * 1000;
  } catch {
    return false;
  }
}

export async function loadOrCreateTlsMaterial(stateDir: string = defaultStateDir): Promise<TlsMaterial> {
  const certPath = join(stateDir, certFile);
  const keyPath = join(stateDir, keyFile);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const material = { cert: readFileSync(certPath, "utf8"), key: readFileSync(keyPath, "utf8") };
    if (stillValid(material.cert)) return material;
  }
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + 365 * 24 * 3600 * 1000);
  const generated = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(certPath, generated.cert);
  writeFileSync(keyPath, generated.private, { mode: 0o600 });
  return { cert: generated.cert, key: generated.private };
}

async function fromPrivateJwk(privateJwk: JWK): Promise<SigningKey> {
  const privateKey = await importJWK(privateJwk, "RS256");
  if (privateKey instanceof Uint8Array) throw new Error("signing key: expected an RSA key, not a secret");
  const { n, e } = privateJwk;
  if (n === undefined || e === undefined) throw new Error("signing key: not an RSA JWK");
  const kid = await calculateJwkThumbprint({ kty: "RSA", n, e });
  return { kid, privateKey, publicJwk: { kty: "RSA", use: "sig", alg: "RS256", kid, n, e } };
}

/** A fresh in-memory key (tests, or when no state folder should be touched). */
export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return fromPrivateJwk(await exportJWK(privateKey));
}

export async function loadOrCreateSigningKey(stateDir: string = defaultStateDir): Promise<SigningKey> {
  const path = join(stateDir, signingKeyFile);
  if (existsSync(path)) return fromPrivateJwk(JSON.parse(readFileSync(path, "utf8")) as JWK);
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(path, JSON.stringify(privateJwk), { mode: 0o600 });
  return fromPrivateJwk(privateJwk);
}
