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
import { armPathPattern, connectionDroppedError, FaultInjector, isDroppedResponse, nodeIncoming } from "./faults";
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
  /**
   * `env` is what @hono/node-server passes (the Node request/response). Without it (in-process
   * calls), a "drop" fault rejects like fetch() does when the server closes the connection.
   */
  fetch: (request: Request, env?: unknown) => Promise<Response>;
  /** Back to the fixture state: pricings, registrations, sessions, codes, refresh tokens, locks, settings, faults, chaos. */
  reset: () => void;
  /** Test-mode fault injection (also reachable over /__emulator/faults and /__emulator/chaos). */
  faults: FaultInjector;
  readonly state: EmulatorState;
  context: EmulatorContext;
};

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
  const faults = new FaultInjector(() => ctx);
  const reset = () => {
    ctx.state = createState(seed, settings);
    faults.clear();
  };

  const app = new Hono();
  // Before every route: faults are matched before normal routing (and only exist in test mode).
  if (ctx.mode === "test") app.use("*", faults.middleware());
  app.get(
    "/",
    () => new Response(homePage(config.appUrl ?? "http://localhost:5173/"), { headers: { "Content-Type": "text/html; charset=utf-8" } }),
  );
  if (ctx.mode === "test") registerControlRoutes(app, ctx, reset, faults);
  registerEntraRoutes(app, () => ctx);
  app.all("*", async (c) => {
    if (armPathPattern.test(c.req.path)) return handleArm(ctx, armRoutes, c.req.raw);
    const err = armErrors.notFound(c.req.method, c.req.path);
    return Response.json(err.body(), { status: err.status });
  });

  return {
    app,
    fetch: async (request, env) => {
      const response = await app.fetch(request, env);
      // Over a socket the connection is already destroyed and this response goes nowhere;
      // in-process there is no socket, so reject the way fetch() does on a closed connection.
      if (isDroppedResponse(response) && nodeIncoming(env) === undefined) throw connectionDroppedError();
      return response;
    },
    reset,
    faults,
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
    const server = serve(
      { fetch: emulator.fetch, port, createServer: https.createServer, serverOptions: { key: tls.key, cert: tls.cert } },
      (info: AddressInfo) => {
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
      },
    );
    server.once("error", reject);
  });
}
