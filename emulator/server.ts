// The emulator as a library: createEmulator() for in-process use (tests call fetch without a
// port), startEmulator() to serve it over HTTPS.
import https from "node:https";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { armErrors } from "./arm/errors";
import { handleArm } from "./arm/pipeline";
import { armRoutes } from "./arm/routes";
import { createSigningKey, loadOrCreateSigningKey, loadOrCreateTlsMaterial, type SigningKey } from "./certificate";
import type { EmulatorContext, EmulatorMode } from "./context";
import { registerControlRoutes } from "./control/routes";
import { Directory } from "./directory";
import { homePage } from "./entra/pages";
import { registerEntraRoutes } from "./entra/routes";
import { loadSeed, type Seed, type Settings } from "./fixtures/seed";
import { createState, type EmulatorState } from "./store";

export type EmulatorConfig = {
  mode?: EmulatorMode;
  /** Origin used in issuers, metadata and error messages. Default https://localhost:8443. */
  publicUrl?: string;
  /** Folder for the certificate and signing key (default <repo>/.emulator/). */
  stateDir?: string;
  /** A given key, or "memory" for a fresh unsaved one (tests). Default: loaded from stateDir. */
  signingKey?: SigningKey | "memory";
  seed?: Seed;
  /** Overrides of the fixture's settings. */
  settings?: Partial<Settings>;
  /** Clock (ms since epoch); tests move it to expire codes and tokens. */
  now?: () => number;
  /** Where the home page links back to. */
  appUrl?: string;
};

export type Emulator = {
  app: Hono;
  fetch: (request: Request) => Promise<Response>;
  /** Back to the fixture state: pricings, registrations, sessions, codes, refresh tokens, locks, settings. */
  reset: () => void;
  readonly state: EmulatorState;
  context: EmulatorContext;
};

const armPrefixes = /^\/(subscriptions|tenants|providers)(\/|$)/i;

export async function createEmulator(config: EmulatorConfig = {}): Promise<Emulator> {
  const seed = config.seed ?? loadSeed();
  const settings: Settings = { ...seed.settings, ...config.settings };
  const signingKey =
    config.signingKey === "memory" ? await createSigningKey() : (config.signingKey ?? (await loadOrCreateSigningKey(config.stateDir)));
  const ctx: EmulatorContext = {
    seed,
    directory: new Directory(seed),
    state: createState(seed, settings),
    signingKey,
    publicUrl: (config.publicUrl ?? "https://localhost:8443").replace(/\/+$/, ""),
    mode: config.mode ?? "dev",
    now: config.now ?? Date.now,
  };
  const reset = () => {
    ctx.state = createState(seed, settings);
  };

  const app = new Hono();
  app.get("/", () => new Response(homePage(config.appUrl ?? "http://localhost:5173/"), { headers: { "Content-Type": "text/html; charset=utf-8" } }));
  if (ctx.mode === "test") registerControlRoutes(app, ctx, reset);
  registerEntraRoutes(app, () => ctx);
  app.all("*", async (c) => {
    if (armPrefixes.test(c.req.path)) return handleArm(ctx, armRoutes, c.req.raw);
    const err = armErrors.notFound(c.req.method, c.req.path);
    return Response.json(err.body(), { status: err.status });
  });

  return {
    app,
    fetch: async (request) => app.fetch(request),
    reset,
    get state() {
      return ctx.state;
    },
    context: ctx,
  };
}

export type RunningEmulator = { url: string; emulator: Emulator; close: () => Promise<void> };

export async function startEmulator(config: EmulatorConfig & { port?: number } = {}): Promise<RunningEmulator> {
  const port = config.port ?? 8443;
  const tls = await loadOrCreateTlsMaterial(config.stateDir);
  const emulator = await createEmulator({ publicUrl: `https://localhost:${port}`, ...config });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: emulator.fetch, port, createServer: https.createServer, serverOptions: { key: tls.key, cert: tls.cert } }, (info: AddressInfo) => {
      resolve({
        url: `https://localhost:${info.port}`,
        emulator,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => {
              done();
            });
          }),
      });
    });
    server.once("error", reject);
  });
}
