// MSAL v5 redirect bridge: the redirect URI registered for the app. It only hands the
// authorization response back to the page that started sign-in; MsalProvider there consumes it.
import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";

void broadcastResponseToMainFrame();
