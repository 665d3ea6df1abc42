import { resolve } from "node:path";
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

// Two pages: the app itself and MSAL's redirect bridge, which must live outside the React app
// (MSAL v5 hands the authorization response from the bridge back to the page that started sign-in).
export default defineConfig({
  plugins: [react(), contentSecurityPolicyPlugin()],
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  build: {
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: {
        app: resolve(import.meta.dirname, "index.html"),
        redirect: resolve(import.meta.dirname, "redirect.html"),
      },
    },
  },
});
