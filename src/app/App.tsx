import { MsalProvider } from "@azure/msal-react";
import { type Services, ServicesProvider } from "../lib/services";
import { AppRoutes } from "./routes";
import { ThemeProvider } from "./theme";

export function App({ services }: { services: Services }) {
  return (
    <ThemeProvider>
      <MsalProvider instance={services.msal}>
        <ServicesProvider services={services}>
          <AppRoutes />
        </ServicesProvider>
      </MsalProvider>
    </ThemeProvider>
  );
}
