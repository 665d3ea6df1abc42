import type { AppConfig } from "./config";

/**
 * Narrows where the page may connect to: its own origin, the identity endpoint and the ARM endpoint
 * of config.json. Added as a second policy once config.json is read (browsers enforce every policy
 * a page has, so this intersects with the build's policy in index.html); nothing else may be
 * reached even if a dependency or an injected script tried.
 */
export function restrictConnections(config: AppConfig): void {
  const origins = new Set(
    [config.identity.authorityHost, config.arm.endpoint, ...(config.emulator ? [config.emulator.url] : [])].map(
      (url) => new URL(url).origin,
    ),
  );
  const sources = ["'self'", ...origins].join(" ");
  const meta = document.createElement("meta");
  meta.httpEquiv = "Content-Security-Policy";
  meta.content = `connect-src ${sources}; frame-src ${sources}`;
  document.head.append(meta);
}
