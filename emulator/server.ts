// The emulator as a library: createEmulator() for in-process use (tests call fetch without a
// port), startEmulator() to serve it over HTTPS.
import { createSecureServer, type Http2SecureServer, type ServerHttp2Session } from "node:http2";
import type { TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cloudMetadataHandler, cloudMetadataPathPattern } from "./arm/cloud-metadata";
import { armErrors } from "./arm/errors";
import { armCommonHeaders, armErrorResponse, handleArm } from "./arm/pipeline";
import { armRoutes } from "./arm/routes";
import type { AtomicWriteSteps } from "./atomic-file";
import { createSigningKey, loadOrCreateSigningKey, loadOrCreateTlsMaterial, type SigningKey } from "./certificate";
import type { EmulatorContext, EmulatorMode } from "./context";
import { controlPathPattern } from "./control/guard";
import { registerControlRoutes } from "./control/routes";
import { Directory } from "./directory";
import { entraCorsHeaders } from "./entra/cors";
import { entraErrorBody, entraErrors } from "./entra/errors";
import { homePage } from "./entra/pages";
import { registerEntraRoutes } from "./entra/routes";
import { armPathPattern, connectionDroppedError, FaultInjector, isDroppedResponse, nodeIncoming, serviceOf } from "./faults";
import { loadSeed, type Seed, type Settings } from "./fixtures/seed";
import { addressesFor, urlHostFor } from "./listen-address";
import { maxRequestBytes } from "./request-limits";
import { loadSavedState, StateSaver } from "./persistence";
import { openRequestLog, requestLogMiddleware, type RequestLogOptions } from "./request-log";
import { requestNote } from "./request-note";
import { indexGraph } from "./resource-graph/tables";
import { createState, type EmulatorState } from "./store";
import { trimTrailingSlashes } from "./url-parts";

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
  /** The request log (emulator/request-log.ts): `--verbose`, `--log-file`. Off without it. */
  log?: RequestLogOptions;
  /** A folder that keeps the state across restarts (`--location`, emulator/persistence.ts). Memory only without it. */
  location?: string;
  /** Tests: the saved state's file steps (emulator/atomic-file.ts), to fail between the write and the rename. */
  locationSteps?: AtomicWriteSteps;
};

export type Emulator = {
  app: Hono;
  /**
   * `env` is what @hono/node-server passes (the Node request/response). Without it (in-process
   * calls), a "drop" fault rejects like fetch() does when the server closes the connection.
   */
  fetch: (request: Request, env?: unknown) => Promise<Response>;
  /**
   * Back to the fixture state: pricings, registrations, sessions, codes, refresh tokens, locks, settings,
   * faults, chaos. With a location, the saved state too (within the save delay; POST /__emulator/reset
   * waits for it).
   */
  reset: () => void;
  /** Test-mode fault injection (also reachable over /__emulator/faults and /__emulator/chaos). */
  faults: FaultInjector;
  readonly state: EmulatorState;
  context: EmulatorContext;
  /** Where the state is kept (`location`), or undefined: in memory only. */
  stateFile: string | undefined;
  /** Saves the state if a change is pending (with a location) and closes the log file; answering goes on. */
  close: () => Promise<void>;
};

export async function createEmulator(config: EmulatorConfig = {}): Promise<Emulator> {
  const seed = config.seed ?? loadSeed();
  const settings: Settings = { ...seed.settings, ...config.settings };
  const signingKey =
    config.signingKey === "memory" ? await createSigningKey() : (config.signingKey ?? (await loadOrCreateSigningKey(config.stateDir)));
  // A saved state that cannot be loaded stops the start here, before anything is answered from a half-loaded one.
  const saved = config.location === undefined ? undefined : await loadSavedState(config.location, seed, settings);
  const log = openRequestLog(config.log);
  const ctx: EmulatorContext = {
    seed,
    directory: new Directory(seed),
    state: saved?.state ?? createState(seed, settings),
    signingKey,
    publicUrl: trimTrailingSlashes(config.publicUrl ?? "https://localhost:8443"),
    mode: config.mode ?? "dev",
    now: config.now ?? Date.now,
    stateChanged: (subscriptionId) => saver?.changed(subscriptionId),
  };
  const saver =
    config.location === undefined
      ? undefined
      : new StateSaver({ folder: config.location, seed, current: () => ctx.state, loaded: saved, steps: config.locationSteps });
  indexGraph(ctx);
  const faults = new FaultInjector(() => ctx);
  const reset = () => {
    ctx.state = createState(seed, settings);
    indexGraph(ctx);
    faults.clear();
    ctx.stateChanged();
  };

  const app = new Hono();
  // First of all, so that every request is logged, refused ones included, with its whole duration.
  app.use("*", requestLogMiddleware(log, ctx.now));
  if (saver) app.use("*", saver.middleware());
  // Then the size limit, so that nothing (fault matching included) reads an oversized body.
  app.use("*", bodyLimit({ maxSize: maxRequestBytes, onError: (c) => requestTooLarge(ctx, c.req.raw) }));
  // Before every route: faults are matched before normal routing (and only exist in test mode).
  if (ctx.mode === "test") app.use("*", faults.middleware());
  app.get(
    "/",
    () => new Response(homePage(config.appUrl ?? "http://localhost:5173/"), { headers: { "Content-Type": "text/html; charset=utf-8" } }),
  );
  if (ctx.mode === "test")
    registerControlRoutes(
      app,
      ctx,
      async () => {
        reset();
        await saver?.flush();
      },
      faults,
    );
  registerEntraRoutes(app, () => ctx);
  app.all("*", async (c) => {
    if (armPathPattern.test(c.req.path)) return handleArm(ctx, armRoutes, c.req.raw, requestNote(c));
    // ARM's cloud metadata: anonymous, outside the pipeline (no api-version check, no token).
    if (c.req.method === "GET" && cloudMetadataPathPattern.test(c.req.path)) return cloudMetadataHandler(ctx, c.req.raw);
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
    stateFile: saver?.file,
    close: async () => {
      await saver?.close();
      await log?.close();
    },
  };
}

/** A body over the size limit, answered in the error shape of the service it was sent to. */
function requestTooLarge(ctx: EmulatorContext, request: Request): Response {
  const path = new URL(request.url).pathname;
  if (ctx.mode === "test" && controlPathPattern.test(path)) {
    return Response.json(
      { error: "request_too_large", message: `The control API accepts at most ${maxRequestBytes} bytes.` },
      { status: 413 },
    );
  }
  if (serviceOf(path) === "entra") {
    const err = entraErrors.requestTooLarge(maxRequestBytes);
    return Response.json(entraErrorBody(err, ctx.now(), request.headers.get("client-request-id") ?? undefined, ctx.publicUrl), {
      status: err.status,
      headers: entraCorsHeaders(request.headers.get("origin") ?? undefined),
    });
  }
  return armErrorResponse(armErrors.requestContentTooLarge(), armCommonHeaders(request));
}

export type RunningEmulator = {
  url: string;
  emulator: Emulator;
  /** Every address it listens on: 127.0.0.1 and ::1 (where the machine has IPv6) unless `host` chose another. */
  addresses: AddressInfo[];
  close: () => Promise<void>;
};

export type ServeConfig = EmulatorConfig & {
  port?: number;
  /** Address to listen on; default loopback only (see emulator/listen-address.ts). */
  host?: string;
};

/** Listening on ::1 fails this way on a machine without IPv6: 127.0.0.1 alone then serves `localhost`. */
const noIpv6 = new Set(["EADDRNOTAVAIL", "EAFNOSUPPORT"]);

function listen(server: Http2SecureServer, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error(`emulator: no address for ${host}`));
      else resolve(address);
    });
  });
}

export async function startEmulator(config: ServeConfig = {}): Promise<RunningEmulator> {
  const port = config.port ?? 8443;
  const urlHost = urlHostFor(config.host);
  const tls = await loadOrCreateTlsMaterial(config.stateDir);
  const emulator = await createEmulator({ publicUrl: `https://${urlHost}:${port}`, ...config });
  const listener = getRequestListener(emulator.fetch);
  const servers: Http2SecureServer[] = [];
  const addresses: AddressInfo[] = [];
  /**
   * Closing waits for open connections, and a browser keeps its HTTP/2 session open for minutes:
   * each is told to go away (GOAWAY; requests under way finish), and HTTP/1.1 sockets are closed.
   */
  const sessions = new Set<ServerHttp2Session>();
  const http1Sockets = new Set<TLSSocket>();
  const close = async () => {
    const closed = Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
    for (const session of sessions) session.close();
    for (const socket of http1Sockets) socket.destroy();
    await closed;
    // After the last request: its change is saved and its line written.
    await emulator.close();
  };
  try {
    for (const host of addressesFor(config.host)) {
      // HTTP/2, as browsers speak to ARM, so that many requests share one connection instead of
      // queueing for a browser's six HTTP/1.1 connections per origin; HTTP/1.1 for other clients.
      const server = createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true }, (req, res) => void listener(req, res));
      server.on("session", (session: ServerHttp2Session) => {
        sessions.add(session);
        session.once("close", () => sessions.delete(session));
      });
      server.on("secureConnection", (socket: TLSSocket) => {
        if (socket.alpnProtocol === "h2") return;
        http1Sockets.add(socket);
        socket.once("close", () => http1Sockets.delete(socket));
      });
      try {
        // The first server may pick the port (0 = any free one); the others take the same.
        addresses.push(await listen(server, addresses[0]?.port ?? port, host));
        servers.push(server);
      } catch (err) {
        if (host === "::1" && err instanceof Error && "code" in err && noIpv6.has(String(err.code))) continue;
        throw err;
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { url: `https://${urlHost}:${addresses[0]?.port ?? port}`, emulator, addresses, close };
}
