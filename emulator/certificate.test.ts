import { mkdtempSync, rmSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrCreateSigningKey, loadOrCreateTlsMaterial } from "./certificate";

const dir = mkdtempSync(join(tmpdir(), "emulator-cert-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("development certificate and signing key", () => {
  it("generates a localhost certificate once and reuses it", async () => {
    const first = await loadOrCreateTlsMaterial(dir);
    const cert = new X509Certificate(first.cert);
    expect(cert.subjectAltName).toContain("DNS:localhost");
    expect(cert.subjectAltName).toContain("IP Address:127.0.0.1");
    expect((await loadOrCreateTlsMaterial(dir)).cert).toBe(first.cert);
  });

  it("persists the signing key so tokens survive restarts", async () => {
    const first = await loadOrCreateSigningKey(dir);
    const second = await loadOrCreateSigningKey(dir);
    expect(second.kid).toBe(first.kid);
    expect(second.publicJwk).toEqual(first.publicJwk);
    expect(first.publicJwk.d).toBeUndefined();
  });
});
