import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { ThemeProvider } from "./theme";

/** Shown instead of a white page when the app cannot even start (bad config.json, MSAL failure). */
export function StartupError({ error }: { error: unknown }) {
  return (
    <ThemeProvider>
      <main style={{ padding: 24 }}>
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The app couldn't start</MessageBarTitle>
            {/* Keeps the one-problem-per-line layout of configuration errors. */}
            <span style={{ whiteSpace: "pre-line" }}>{error instanceof Error ? error.message : String(error)}</span>
          </MessageBarBody>
        </MessageBar>
      </main>
    </ThemeProvider>
  );
}
