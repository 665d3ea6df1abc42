import { scopeOfPath } from "../lib/paths";

// The signed-in pages' code, each page its own chunk: one table for the router's lazy components
// (SignedInApp.tsx) and for start-up, which fetches the page of the URL while everything else loads.
// Only these import() thunks are in the first download.

export const loadHomePage = () => import("../features/home/HomePage");
export const loadDefenderLayout = () => import("../features/defender/DefenderLayout");
export const loadEnvironmentSettingsPage = () => import("../features/environment-settings/EnvironmentSettingsPage");
export const loadDefenderPlansPage = () => import("../features/defender-plans/DefenderPlansPage");
export const loadPlanSettingsPage = () => import("../features/defender-plans/PlanSettingsPage");

/** Starts downloading the code of the page at `pathname` (a subscription's pages; the others are small and come with the router). */
export function loadPageOf(pathname: string): void {
  if (!scopeOfPath(pathname)) return;
  void (pathname.replace(/\/$/, "").endsWith("/settings") ? loadPlanSettingsPage() : loadDefenderPlansPage());
}
