import { isRestError, type PipelinePolicy } from "@azure/core-rest-pipeline";
import { ForeignOriginError } from "./errors";
import { reportConnectivity } from "./notices";

/**
 * Requests go to the configured ARM origin only, whatever URL a response hands us (a `nextLink` is
 * a full URL). First in the pipeline, so a refused request never gets a token attached, and it throws
 * a non-REST error, which the retry policies pass through without sending it again.
 */
export function sameOriginPolicy(endpoint: string): PipelinePolicy {
  const origin = new URL(endpoint).origin;
  return {
    name: "sameOriginPolicy",
    sendRequest(request, next) {
      if (new URL(request.url).origin !== origin) throw new ForeignOriginError(request.url, endpoint);
      return next(request);
    },
  };
}

/**
 * The SDK's browser fetch asks for `cache: "no-store"`, and Chromium then skips its CORS preflight
 * cache: every ARM call would cost two round trips (measured: three identical GETs, three preflights
 * with "no-store" or "no-cache", one with the default mode). The default mode lets the browser reuse a preflight for as long as ARM's
 * `Access-Control-Max-Age` allows, and shows nothing stale: ARM answers `Cache-Control: no-cache`
 * without validators, so every response is fetched again from ARM.
 */
export const preflightCachePolicy: PipelinePolicy = {
  name: "preflightCachePolicy",
  sendRequest(request, next) {
    request.requestOverrides = { ...request.requestOverrides, cache: "default" };
    return next(request);
  },
};

/**
 * Tells the UI whether Azure can be reached, from the outcome of each call after its retries: any
 * answer means online; no answer at all (a REST error without a response) means offline.
 */
export const connectivityPolicy: PipelinePolicy = {
  name: "connectivityPolicy",
  async sendRequest(request, next) {
    try {
      const response = await next(request);
      reportConnectivity("online");
      return response;
    } catch (error) {
      if (isRestError(error) && error.response === undefined) reportConnectivity("offline");
      throw error;
    }
  },
};
