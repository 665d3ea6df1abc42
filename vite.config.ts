import { resolve } from "node:path";
import griffel from "@griffel/vite-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * Content-Security-Policy of the built app: scripts only from its own origin, no inline script,
 * no plugins. Connections are narrowed further at start-up to the identity and ARM endpoints of
 * config.json (src/config/csp.ts), which is read at run time so the same build serves any cloud.
 * Styles allow 'unsafe-inline' because Fluent UI (Griffel) inserts its style rules at run time.
 * Build only: the dev server's React refresh needs an inline script.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' https:",
  "frame-src https:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

function contentSecurityPolicyPlugin(): Plugin {
  return {
    name: "content-security-policy",
    apply: "build",
    transformIndexHtml: () => [
      { tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: contentSecurityPolicy }, injectTo: "head-prepend" },
    ],
  };
}

/**
 * The response headers the built app must be served with (README, "Hosting in production"). A meta
 * tag cannot forbid framing (browsers ignore `frame-ancestors` there), so it needs a header: no site
 * may frame the app (clickjacking a Save), except the app itself framing its MSAL redirect bridge
 * during silent sign-in renewal.
 */
export function securityHeaders(path: string, csp: string = contentSecurityPolicy): Record<string, string> {
  const frameAncestors = path.startsWith("/redirect.html") ? "'self'" : "'none'";
  return {
    "Content-Security-Policy": `${csp ? `${csp}; ` : ""}frame-ancestors ${frameAncestors}`,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    // Built scripts are named by their content hash: a cached one is never stale and never needs
    // checking (a reload would otherwise ask about each of ~30 scripts). Everything else (the pages,
    // which name those scripts, and config.json, which index.html preloads) is checked with the
    // server on every load, so a new build or configuration takes effect at once.
    "Cache-Control": path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
  };
}

/** `vite preview` (what the e2e tests run) sends the production headers; the dev server the same, less the script rules its React refresh cannot follow. */
function securityHeadersPlugin(): Plugin {
  const use =
    (csp: string) =>
    (request: { url?: string | undefined }, response: { setHeader: (name: string, value: string) => unknown }, next: () => void) => {
      for (const [name, value] of Object.entries(securityHeaders(request.url ?? "/", csp))) response.setHeader(name, value);
      next();
    };
  return {
    name: "security-headers",
    configurePreviewServer: (server) => void server.middlewares.use(use(contentSecurityPolicy)),
    configureServer: (server) => void server.middlewares.use(use("")),
  };
}

// Two pages: the app itself and MSAL's redirect bridge, which must live outside the React app
// (MSAL v5 hands the authorization response from the bridge back to the page that started sign-in).
export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    // Our makeStyles calls compiled to CSS rules at build time (as Fluent's own packages ship theirs):
    // otherwise Griffel's CSS compiler is downloaded with the pages and runs as each component first
    // renders (a sixth of the Defender plans page's first render on this project's test machine).
    // Griffel still inserts the rules at run time. The dev server keeps the run-time compiler.
    // Babel's TypeScript preset: the plugin evaluates the modules a style imports (tokens, shared styles).
    command === "build" && griffel({ babelOptions: { presets: ["@babel/preset-typescript"] } }),
    contentSecurityPolicyPlugin(),
    securityHeadersPlugin(),
  ],
  server: { port: 5173, strictPort: true },
  // Both pages' imports are pre-bundled at start: otherwise the dev server discovers the redirect
  // bridge's MSAL import during the first sign-in, re-bundles and reloads the page mid-sign-in.
  optimizeDeps: { entries: ["index.html", "redirect.html"] },
  preview: { port: 4173, strictPort: true },
  build: {
    chunkSizeWarningLimit: 1500,
    // Every browser the app supports preloads modules natively (Chromium 66+, Firefox 115+, Safari 17+).
    modulePreload: { polyfill: false },
    // Which files each page needs (scripts/bench/bundle-sizes.ts): the bundle budget test and `npm run bench` read it.
    manifest: true,
    rolldownOptions: {
      input: {
        app: resolve(import.meta.dirname, "index.html"),
        redirect: resolve(import.meta.dirname, "redirect.html"),
      },
      // Shared chunks by content hash alone: every chunk names the chunks it imports, and the first
      // download lists each page's chunks for preloading, so short names are bytes saved on every page.
      // (The build manifest still maps each source module to its file.)
      output: { chunkFileNames: "assets/[hash].js" },
    },
  },
}));
