import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner } from "@fluentui/react-components";
import type { RetryNotice } from "../lib/arm/notices";

/** Azure or the local emulator can't be reached, and what to do about it. */
export function UnreachableMessage({ emulatorUrl, onTryAgain }: { emulatorUrl: string | undefined; onTryAgain: () => void }) {
  return (
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
        <Button onClick={onTryAgain}>Try again</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/** The client layer's retries under way, each until its wait ends. */
export function RetryMessages({ retries }: { retries: RetryNotice[] }) {
  return retries.map((notice) => (
    <MessageBar key={notice.id} intent="info" icon={<Spinner size="extra-tiny" />}>
      <MessageBarBody>
        <MessageBarTitle>Retrying</MessageBarTitle>
        {notice.message}
      </MessageBarBody>
    </MessageBar>
  ));
}
