import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { AlertRegion, StatusRegion } from "./LiveRegion";
import { reportConnectivity, useArmNotices } from "../lib/arm/notices";
import { useServices } from "../lib/services";

// The messages (Fluent MessageBar) are downloaded when there is something to say, not with the
// sign-in page; fetched once the page is idle, so they are at hand when the network goes away.
const loadMessages = () => import("./ConnectivityMessages");
const UnreachableMessage = lazy(() => loadMessages().then((module) => ({ default: module.UnreachableMessage })));
const RetryMessages = lazy(() => loadMessages().then((module) => ({ default: module.RetryMessages })));

type Probe = { reachable: boolean; at: number };

const probe = (url: string): Promise<Probe> =>
  fetch(url, { mode: "no-cors", cache: "no-store" }).then(
    () => ({ reachable: true, at: Date.now() }),
    () => ({ reachable: false, at: Date.now() }),
  );

/**
 * Whether `url` answers at all: a `no-cors` request any reachable server answers (only reachability
 * matters). Checked when `enabled`, on `check()`, and every 3 s while it fails or `keepChecking`.
 */
function useReachability(url: string, enabled: boolean, keepChecking: boolean) {
  const [result, setResult] = useState<Probe | undefined>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    void probe(url).then((next) => current && setResult(next));
    return () => {
      current = false;
    };
  }, [enabled, url, attempt]);
  const failing = result?.reachable === false;
  useEffect(() => {
    if (!enabled || !(failing || keepChecking)) return;
    const timer = setInterval(() => setAttempt((count) => count + 1), 3000);
    return () => clearInterval(timer);
  }, [enabled, failing, keepChecking]);
  const check = useCallback(() => setAttempt((count) => count + 1), []);
  return { probe: result, check };
}

/**
 * Says when Azure (or the local emulator) can't be reached, keeps checking, and when it is back calls
 * `onReconnected` (the signed-in pages reload whatever failed meanwhile, without a page reload). It
 * also shows the client layer's retries.
 *
 * Against the emulator the first cause is its self-signed development certificate: until the browser
 * has accepted it once, every call fails without a useful error, so the banner says what to do. Its
 * home page is the probe: the OpenID configuration is left to MSAL, fetched once.
 */
export function ConnectivityBanner({ onReconnected }: { onReconnected?: () => void }) {
  const { config } = useServices();
  const { connectivity, offlineSince, retries } = useArmNotices();
  const emulatorUrl = config.emulator?.url;
  const offline = connectivity === "offline";
  const { probe, check } = useReachability(
    emulatorUrl ? `${emulatorUrl}/` : `${config.arm.endpoint}/`,
    Boolean(emulatorUrl) || offline,
    offline,
  );

  useEffect(() => {
    const idle = setTimeout(() => void loadMessages(), 2000);
    return () => clearTimeout(idle);
  }, []);

  // Back only when a probe succeeded after requests started failing, not on an older success.
  const recovered = offline && probe?.reachable === true && probe.at > offlineSince;
  useEffect(() => {
    if (recovered) {
      reportConnectivity("online");
      onReconnected?.();
    }
  }, [recovered, onReconnected]);

  const down = probe?.reachable === false || offline;
  return (
    <>
      <AlertRegion>
        {down && (
          <Suspense fallback={null}>
            <UnreachableMessage emulatorUrl={emulatorUrl} onTryAgain={check} />
          </Suspense>
        )}
      </AlertRegion>
      <StatusRegion>
        {retries.length > 0 && (
          <Suspense fallback={null}>
            <RetryMessages retries={retries} />
          </Suspense>
        )}
      </StatusRegion>
    </>
  );
}
