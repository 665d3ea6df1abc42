import type { PublicClientApplication } from "@azure/msal-browser";
import { createContext, type ReactNode, useContext } from "react";
import type { AppConfig } from "../config/config";
import type { ArmClient } from "./arm/client";

/** Things created once at start-up, before the first render, that pages need. */
export type Services = { config: AppConfig; msal: PublicClientApplication; arm: ArmClient };

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices must be used inside ServicesProvider");
  return services;
}
