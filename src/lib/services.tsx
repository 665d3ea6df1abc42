import type { PublicClientApplication } from "@azure/msal-browser";
import { createContext, type ReactNode, useContext } from "react";
import type { AppConfig } from "../config/config";
import type { ArmClient } from "./arm/client";

/** Created once at start-up, before the first render: what even the sign-in page needs. */
export type Services = { config: AppConfig; msal: PublicClientApplication };

const ServicesContext = createContext<Services | null>(null);
// The ARM client (and the Azure SDK runtime under it) is created with the signed-in pages, so the
// sign-in page does not download it.
const ArmContext = createContext<ArmClient | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function ArmProvider({ client, children }: { client: ArmClient; children: ReactNode }) {
  return <ArmContext.Provider value={client}>{children}</ArmContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices must be used inside ServicesProvider");
  return services;
}

export function useArm(): ArmClient {
  const client = useContext(ArmContext);
  if (!client) throw new Error("useArm must be used inside ArmProvider (the signed-in pages)");
  return client;
}
