import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { StartupError } from "./app/StartupError";
import { loadConfig } from "./config/config";
import { restrictConnections } from "./config/csp";
import { createMsal } from "./lib/auth/msal";

const root = createRoot(document.getElementById("root") as HTMLElement);

// MSAL must be created once, outside React, and initialised before the first render.
async function start() {
  try {
    const config = await loadConfig();
    restrictConnections(config);
    const msal = await createMsal(config);
    root.render(
      <StrictMode>
        <App services={{ config, msal }} />
      </StrictMode>,
    );
  } catch (error) {
    root.render(<StartupError error={error} />);
  }
}

void start();
