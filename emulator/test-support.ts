// Helpers for the emulator's unit tests: an in-process emulator with a fake clock, tokens, and
// small ARM / Entra request helpers. No port is opened.
import { createHash } from "node:crypto";
import { createEmulator, type Emulator, type EmulatorConfig } from "./server";
import { createSigningKey, type SigningKey } from "./certificate";
import { loadSeed, type Seed, type Settings } from "./fixtures/seed";
import { mintAccessToken, type AccessTokenOptions } from "./tokens";

export const base = "https://localhost:8443";
export const appOrigin = "http://localhost:5173";
export const clientId = "5f6a3b4e-1c2d-4e8f-9a0b-7c6d5e4f3a21";
export const redirectUri = "http://localhost:5173/redirect.html";
export const armScope = "https://management.azure.com/user_impersonation";

export const tenants = { contoso: "8a3c2f1e-5b4d-4c6a-9e7f-1d2b3c4a5e6f", fabrikam: "b7e6d5c4-3a2b-4c1d-8e9f-0a1b2c3d4e5f" } as const;
export const subs = {
  production: "25e0e7f5-7698-4b2a-8bd4-587ccdc9bc1c",
  aiResearch: "281276a0-333c-40b3-b429-90dbb6474530",
  sandbox: "dee28625-aaae-419c-af95-d815fde96789",
  legacy: "8b6febbe-dd1c-477c-9dc9-15af17210c88",
  fabrikamShared: "1c619fb3-df4d-485c-977d-f8eec22e3913",
  /** Only Megan has a role here; its AI plan is managed by a Microsoft 365 security rule. */
  securityOps: "a08416a5-d2a5-4d52-a87a-97eaf4135b23",
} as const;
export const users = {
  adele: {
    upn: "adele@contoso.onmicrosoft.com",
    oid: "0c7f1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
    fabrikamOid: "6d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a",
  },
  alex: { upn: "alex@contoso.onmicrosoft.com", oid: "1d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a" },
  lynne: { upn: "lynne@contoso.onmicrosoft.com", oid: "2e3f4a5b-6c7d-4e8f-a09b-1c2d3e4f5a6b" },
  megan: { upn: "megan@contoso.onmicrosoft.com", oid: "64f4fa29-f3c1-4ba8-810b-26a985feb56e" },
} as const;

export type TestEmulator = Emulator & { clock: { advance: (ms: number) => void } };

/** One RSA key per test file: generating one per test would dominate the suite's time. */
let sharedKey: Promise<SigningKey> | undefined;

/** `config` adds to the test configuration, e.g. a public URL, a request log or a location. */
export async function testEmulator(
  settings: Partial<Settings> = {},
  editSeed: (seed: Seed) => void = () => {},
  config: EmulatorConfig = {},
): Promise<TestEmulator> {
  let offset = 0;
  sharedKey ??= createSigningKey();
  const seed = loadSeed();
  editSeed(seed);
  const emulator = await createEmulator({
    mode: "test",
    ...config,
    seed,
    signingKey: await sharedKey,
    now: () => Date.now() + offset,
    settings: { putDurationMs: 40, registerDelayMs: 50, ...settings },
    ...config,
  });
  return Object.assign(emulator, { clock: { advance: (ms: number) => (offset += ms) } });
}

export async function armToken(emu: Emulator, upn: string, tenantId?: string, options: Partial<AccessTokenOptions> = {}): Promise<string> {
  const found = emu.context.directory.accountByUpn(upn);
  if (!found) throw new Error(`unknown user ${upn}`);
  const account = emu.context.directory.account(found.user, tenantId ?? found.home.tenantId);
  if (!account) throw new Error(`${upn} not in ${tenantId ?? ""}`);
  const { token } = await mintAccessToken(emu.context, account, {
    audience: "https://management.azure.com/",
    scp: "user_impersonation",
    clientId,
    ...options,
  });
  return token;
}

export type JsonResponse = { status: number; headers: Headers; body: unknown; json: Record<string, unknown> };

export async function call(
  emu: Emulator,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers["Authorization"] = `Bearer ${options.token}`;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const res = await emu.fetch(new Request(`${base}${path}`, init));
  const text = await res.text();
  const body: unknown = text === "" ? undefined : JSON.parse(text);
  return {
    status: res.status,
    headers: res.headers,
    body,
    json: (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>,
  };
}

export const pricingPath = (sub: string, name?: string, apiVersion = "2024-01-01") =>
  `/subscriptions/${sub}/providers/Microsoft.Security/pricings${name === undefined ? "" : `/${name}`}?api-version=${apiVersion}`;

export function errorOf(res: JsonResponse): { code: string; message: string } {
  const error = res.json["error"] as { code: string; message: string } | undefined;
  if (!error) throw new Error(`no ARM error in ${JSON.stringify(res.body)}`);
  return error;
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizeParams(challenge: string, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    client_id: clientId,
    scope: `${armScope} openid profile offline_access`,
    redirect_uri: redirectUri,
    response_type: "code",
    response_mode: "fragment",
    code_challenge: challenge,
    code_challenge_method: "S256",
    nonce: "nonce-123",
    state: "eyJpZCI6IjEyMyJ9|custom+state/=",
    client_info: "1",
    ...extra,
  });
}

/** Picks an account on the sign-in page (the form POST) and returns the redirect fragment and cookie. */
export async function signIn(
  emu: Emulator,
  homeOid: string,
  challenge: string,
  tenant = "organizations",
  extra: Record<string, string> = {},
) {
  const form = authorizeParams(challenge, extra);
  form.set("emulator_account", homeOid);
  form.set("emulator_action", "signin");
  const res = await emu.fetch(
    new Request(`${base}/${tenant}/oauth2/v2.0/authorize`, {
      method: "POST",
      body: form,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    }),
  );
  return { res, ...parseRedirect(res) };
}

export function parseRedirect(res: Response): { location: URL; fragment: URLSearchParams; cookie: string | undefined } {
  const location = new URL(res.headers.get("location") ?? "about:blank");
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  return { location, fragment: new URLSearchParams(location.hash.slice(1)), cookie };
}

export async function tokenRequest(
  emu: Emulator,
  tenant: string,
  params: Record<string, string>,
  origin: string | null = appOrigin,
): Promise<JsonResponse> {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (origin !== null) headers["Origin"] = origin;
  const res = await emu.fetch(
    new Request(`${base}/${tenant}/oauth2/v2.0/token`, {
      method: "POST",
      headers,
      body: new URLSearchParams({ client_id: clientId, ...params }),
    }),
  );
  const body: unknown = await res.json();
  return { status: res.status, headers: res.headers, body, json: body as Record<string, unknown> };
}

export function claims(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The browser's whole sign-in: authorize with PKCE as `oid`, then redeem the code for tokens. */
export async function signInAndRedeem(emu: Emulator, oid: string): Promise<JsonResponse> {
  const { verifier, challenge } = pkce();
  const { fragment } = await signIn(emu, oid, challenge);
  return tokenRequest(emu, "organizations", {
    grant_type: "authorization_code",
    code: fragment.get("code") ?? "",
    code_verifier: verifier,
    redirect_uri: redirectUri,
    scope: `${armScope} openid profile offline_access`,
  });
}

/** Raises an AI alert on `subscriptionId` now, through the test-mode control API (POST /__emulator/alerts). */
export async function raiseAlert(
  emu: Emulator,
  subscriptionId: string,
  alertType?: string,
  sent: { prompt?: string; userAgent?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const res = await emu.fetch(
    new Request(`${base}/__emulator/alerts`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: base },
      body: JSON.stringify({ subscriptionId, ...(alertType ? { alertType } : {}), ...sent }),
    }),
  );
  return { status: res.status, body: await res.json() };
}
