import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner } from "@fluentui/react-components";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { AlertRegion, StatusRegion } from "./LiveRegion";
import { reportConnectivity, useArmNotices } from "../lib/arm/notices";
import { useServices } from "../lib/services";

/**
 * Says when Azure (or the local emulator) can't be reached, keeps checking, and when it is back
 * reloads whatever failed meanwhile, without a page reload. It also shows the client layer's retries.
 *
 * Against the emulator the first cause is its self-signed development certificate: until the browser
 * has accepted it once, every call fails without a useful error, so the banner says what to do.
 */
export function ConnectivityBanner() {
  const { config } = useServices();
  const queryClient = useQueryClient();
  const { connectivity, offlineSince, retries } = useArmNotices();
  const emulatorUrl = config.emulator?.url;
  // A request any reachable server answers; `no-cors` because only reachability matters here.
  const probeUrl = emulatorUrl ? `${emulatorUrl}/organizations/v2.0/.well-known/openid-configuration` : `${config.arm.endpoint}/`;
  const probe = useQuery({
    queryKey: ["connectivity-probe", probeUrl],
    enabled: Boolean(emulatorUrl) || connectivity === "offline",
    retry: false,
    refetchInterval: (query) => (query.state.status === "error" || connectivity === "offline" ? 3000 : false),
    queryFn: async () => {
      await fetch(probeUrl, { mode: "no-cors", cache: "no-store" });
      return Date.now();
    },
  });

  // Back only when a probe succeeded after requests started failing, not on an older success.
  const recovered = connectivity === "offline" && probe.status === "success" && probe.dataUpdatedAt > offlineSince;
  useEffect(() => {
    if (recovered) {
      reportConnectivity("online");
      void queryClient.refetchQueries({ predicate: (query) => query.state.status === "error" });
    }
  }, [recovered, queryClient]);

  const down = probe.status === "error" || connectivity === "offline";
  return (
    <>
      <AlertRegion>
        {down && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              {emulatorUrl ? (
                <>
                  <MessageBarTitle>Can't reach the local Azure emulator</MessageBarTitle>
                  Start it with <code>npm start</code>. If it is already running, open{" "}
                  <Link href={emulatorUrl} target="_blank" rel="noreferrer">
                    {emulatorUrl}
                  </Link>{" "}
                  in this browser once and accept its development certificate. This page reconnects by itself.
                </>
              ) : (
                <>
                  <MessageBarTitle>Can't reach Azure</MessageBarTitle>
                  Check your network connection. This page keeps trying and reconnects by itself; your unsaved changes are kept.
                </>
              )}
            </MessageBarBody>
            <MessageBarActions>
              <Button onClick={() => void probe.refetch()}>Try again</Button>
            </MessageBarActions>
          </MessageBar>
        )}
      </AlertRegion>
      <StatusRegion>
        {retries.map((notice) => (
          <MessageBar key={notice.id} intent="info" icon={<Spinner size="extra-tiny" />}>
            <MessageBarBody>
              <MessageBarTitle>Retrying</MessageBarTitle>
              {notice.message}
            </MessageBarBody>
          </MessageBar>
        ))}
      </StatusRegion>
    </>
  );
}
