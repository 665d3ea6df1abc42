import { MsalProvider } from "@azure/msal-react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { createBrowserRouter, RouterProvider } from "react-router";
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
  // A data router, for its navigation blocker (asking before unsaved changes are left); the routes
  // themselves stay declared in AppRoutes, which depends on who is signed in.
  const [router] = useState(() => createBrowserRouter([{ path: "*", element: <AppRoutes /> }]));
  return (
    <ThemeProvider>
      <MsalProvider instance={services.msal}>
        <ServicesProvider services={services}>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </ServicesProvider>
      </MsalProvider>
    </ThemeProvider>
  );
}
