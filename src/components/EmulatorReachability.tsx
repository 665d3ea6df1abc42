import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useQuery } from "@tanstack/react-query";
import { useServices } from "../lib/services";

/**
 * The local emulator serves https with a self-signed development certificate. Until the browser has
 * accepted it once, every call to it fails without a useful error; this says what to do.
 */
export function EmulatorReachability() {
  const { config } = useServices();
  const emulatorUrl = config.emulator?.url;
  const probe = useQuery({
    queryKey: ["emulator-reachable", emulatorUrl],
    enabled: Boolean(emulatorUrl),
    retry: false,
    refetchInterval: (query) => (query.state.status === "error" ? 5000 : false),
    queryFn: async () => {
      const response = await fetch(`${emulatorUrl ?? ""}/organizations/v2.0/.well-known/openid-configuration`);
      if (!response.ok) throw new Error(`HTTP ${String(response.status)}`);
      return true;
    },
  });
  if (!emulatorUrl || probe.status !== "error") return null;
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Can't reach the local Azure emulator</MessageBarTitle>
        Start it with <code>npm start</code>. If it is already running, open{" "}
        <Link href={emulatorUrl} target="_blank" rel="noreferrer">
          {emulatorUrl}
        </Link>{" "}
        in this browser once and accept its development certificate, then come back here.
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => void probe.refetch()}>Try again</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
