import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { StartupError } from "./app/StartupError";
import { loadConfig } from "./config/config";
import { restrictConnections } from "./config/csp";
import { createArmClient } from "./lib/arm/client";
import { createMsal } from "./lib/auth/msal";

const root = createRoot(document.getElementById("root") as HTMLElement);

// MSAL must be created once, outside React, and initialised before the first render.
async function start() {
  try {
    const config = await loadConfig();
    restrictConnections(config);
    const msal = await createMsal(config);
    const arm = createArmClient(msal, config);
    root.render(
      <StrictMode>
        <App services={{ config, msal, arm }} />
      </StrictMode>,
    );
  } catch (error) {
    root.render(<StartupError error={error} />);
  }
}

void start();
