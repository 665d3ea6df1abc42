import { MsalProvider } from "@azure/msal-react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { type Services, ServicesProvider } from "../lib/services";
import { AppRoutes } from "./routes";
import { ThemeProvider } from "./theme";

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // The ARM client layer already retries what is worth retrying (throttling, transient 5xx).
      queries: { retry: false, staleTime: 30_000, refetchOnWindowFocus: false },
    },
  });
}

export function App({ services }: { services: Services }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <ThemeProvider>
      <MsalProvider instance={services.msal}>
        <ServicesProvider services={services}>
          <QueryClientProvider client={queryClient}>
            <AppRoutes />
          </QueryClientProvider>
        </ServicesProvider>
      </MsalProvider>
    </ThemeProvider>
  );
}
