// CORS for the Entra endpoints that browsers fetch (metadata, keys, token).
export function entraCorsHeaders(origin: string | undefined): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin ?? "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers":
      "Content-Type, client-request-id, x-client-sku, x-client-ver, x-client-os, x-client-cpu, x-app-name, x-app-ver, x-ms-lib-capability, x-client-current-telemetry, x-client-last-telemetry",
    "Access-Control-Expose-Headers": "client-request-id, x-ms-request-id",
    "Access-Control-Max-Age": "86400",
    Vary: "Origin",
  };
}
