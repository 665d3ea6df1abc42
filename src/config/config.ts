// Valibot rather than zod: this runs on the sign-in page, whose download has a budget, and valibot
// brings only the checks used (about 2 KB here; zod/mini's core alone was 10 KB gzip).
import * as v from "valibot";

// Runtime configuration, read from /config.json at start-up rather than baked in at build time:
// the same build runs against the local emulator or real Azure by swapping that one file.
//
// The file decides where access tokens go, so it is strict: endpoints are bare https origins, and
// only Microsoft's own clouds are accepted as they are. Any other host must be vouched for, either
// as the local emulator (which then serves both sign-in and ARM) or by listing it in
// `trustedEndpoints`; a typo or a tampered file cannot quietly send tokens somewhere else.

/** Microsoft's public and sovereign clouds: each sign-in host with the ARM endpoint it issues tokens for. */
export const knownClouds = [
  {
    name: "Azure",
    authorityHost: "https://login.microsoftonline.com",
    armEndpoint: "https://management.azure.com",
    armScope: "https://management.azure.com/user_impersonation",
  },
  {
    name: "Azure Government",
    authorityHost: "https://login.microsoftonline.us",
    armEndpoint: "https://management.usgovcloudapi.net",
    armScope: "https://management.usgovcloudapi.net/user_impersonation",
  },
  {
    name: "Azure operated by 21Vianet",
    authorityHost: "https://login.chinacloudapi.cn",
    armEndpoint: "https://management.chinacloudapi.cn",
    armScope: "https://management.chinacloudapi.cn/user_impersonation",
  },
] as const;

/**
 * The scope asked for when the endpoints are not one of Microsoft's clouds (the emulator issues tokens
 * for the public cloud's audience). One scope string everywhere: MSAL's cache does not treat `.default`
 * and `user_impersonation` as the same, so mixing them costs a token request per call.
 */
const defaultArmScope = knownClouds[0].armScope;

/** An https origin and nothing more ("https://host[:port]"): paths would change MSAL's tenant parsing and ARM's URLs. */
const httpsUrl = v.pipe(
  v.string(),
  v.url("must be a URL"),
  v.check((value) => new URL(value).protocol === "https:", "must be an https URL (MSAL and the Azure SDK refuse http)"),
);

const httpsOrigin = v.pipe(
  httpsUrl,
  v.check((value) => {
    const url = new URL(value);
    return url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "" && url.password === "";
  }, "must be an origin only, like https://host or https://host:port, without a path"),
  v.transform((value) => new URL(value).origin),
);

const fileSchema = v.strictObject({
  identity: v.strictObject({
    /** e.g. https://login.microsoftonline.com, or the emulator's https://localhost:8443 */
    authorityHost: httpsOrigin,
    /** organizations, common, or a tenant id */
    tenant: v.pipe(v.string(), v.regex(/^[A-Za-z0-9.-]+$/, "must be organizations, common, a tenant id or a domain name")),
    clientId: v.pipe(v.string(), v.uuid("must be a UUID (the app registration's client id)")),
    /** Hosts MSAL may trust without asking Microsoft's instance discovery (needed offline). */
    knownAuthorities: v.optional(v.array(v.string()), []),
  }),
  arm: v.strictObject({
    /** e.g. https://management.azure.com */
    endpoint: httpsOrigin,
    /** Only for endpoints outside Microsoft's clouds; a known cloud's scope is implied. */
    scope: v.optional(httpsUrl),
  }),
  /** Present only when the app runs against the local emulator. */
  emulator: v.optional(v.strictObject({ url: httpsOrigin })),
  /** Origins outside Microsoft's clouds that this deployment trusts with tokens (a private cloud, a proxy). */
  trustedEndpoints: v.optional(v.array(httpsOrigin), []),
});

export type AppConfig = {
  identity: { authorityHost: string; tenant: string; clientId: string; knownAuthorities: string[] };
  arm: { endpoint: string; scope: string };
  emulator?: { url: string };
  /** In words, for the sign-in page: "Azure", "the local Azure emulator", "a trusted custom cloud". */
  cloudName: string;
};

type ConfigFile = v.InferOutput<typeof fileSchema>;

const cloudOf = (authorityHost: string) => knownClouds.find((cloud) => cloud.authorityHost === authorityHost);
const cloudOfArm = (endpoint: string) => knownClouds.find((cloud) => cloud.armEndpoint === endpoint);

/** Where the file's endpoints may point; the empty list means they may be used as they are. */
function endpointProblems(file: ConfigFile): string[] {
  const { authorityHost } = file.identity;
  const { endpoint } = file.arm;
  if (file.emulator) {
    // The emulator serves both sign-in and ARM: anything else would name one endpoint and send tokens to another.
    return [
      ...(authorityHost === file.emulator.url
        ? []
        : [`identity.authorityHost (${authorityHost}) must be the emulator's url (${file.emulator.url})`]),
      ...(endpoint === file.emulator.url ? [] : [`arm.endpoint (${endpoint}) must be the emulator's url (${file.emulator.url})`]),
    ];
  }
  const trusted = new Set(file.trustedEndpoints);
  const identityCloud = cloudOf(authorityHost);
  const armCloud = cloudOfArm(endpoint);
  const problems: string[] = [];
  if (!identityCloud && !trusted.has(authorityHost)) {
    problems.push(
      `identity.authorityHost (${authorityHost}) is not a Microsoft cloud's sign-in host; list it in trustedEndpoints if you mean it`,
    );
  }
  if (!armCloud && !trusted.has(endpoint)) {
    problems.push(
      `arm.endpoint (${endpoint}) is not a Microsoft cloud's Resource Manager endpoint; list it in trustedEndpoints if you mean it`,
    );
  }
  if (identityCloud && armCloud && identityCloud !== armCloud) {
    problems.push(
      `identity.authorityHost is ${identityCloud.name} but arm.endpoint is ${armCloud.name}: tokens of one cloud are not valid in another`,
    );
  }
  return problems;
}

function resolve(file: ConfigFile): AppConfig {
  const problems = endpointProblems(file);
  const authority = new URL(file.identity.authorityHost).host;
  // MSAL trusts a listed host without discovery, so the list may name the authority's host and nothing else.
  for (const host of file.identity.knownAuthorities) {
    if (host.toLowerCase() !== authority)
      problems.push(`identity.knownAuthorities may only name the authority's host (${authority}), not '${host}'`);
  }
  if (file.arm.scope !== undefined && cloudOfArm(file.arm.endpoint)) {
    problems.push("arm.scope is only for endpoints outside Microsoft's clouds: a known cloud's scope is implied");
  }
  if (problems.length > 0) throw new Error(`config.json is invalid:\n${problems.map((problem) => `× ${problem}`).join("\n")}`);

  const cloud = cloudOfArm(file.arm.endpoint);
  return {
    identity: {
      ...file.identity,
      // Offline (emulator) and private clouds must skip MSAL's instance discovery at login.microsoftonline.com.
      knownAuthorities: cloudOf(file.identity.authorityHost) ? file.identity.knownAuthorities : [authority],
    },
    arm: { endpoint: file.arm.endpoint, scope: cloud?.armScope ?? file.arm.scope ?? defaultArmScope },
    ...(file.emulator ? { emulator: file.emulator } : {}),
    cloudName: file.emulator ? "the local Azure emulator" : (cloud?.name ?? "a trusted custom cloud"),
  };
}

export function parseConfig(raw: unknown): AppConfig {
  const result = v.safeParse(fileSchema, raw);
  if (!result.success) {
    throw new Error(`config.json is invalid:\n${v.summarize(result.issues)}`);
  }
  return resolve(result.output);
}

export async function loadConfig(): Promise<AppConfig> {
  // index.html preloads it (served with Cache-Control: no-cache, so never stale); this takes that response.
  const response = await fetch("/config.json");
  if (!response.ok) {
    throw new Error(`config.json could not be loaded (HTTP ${String(response.status)}).`);
  }
  return parseConfig(await response.json());
}
