import { type ComponentType, createElement, lazy } from "react";
import { scopeOfPath } from "../lib/paths";

/**
 * A component whose code is downloaded when it is first rendered (React.lazy), or before, with
 * `load()`. Once its module is here it renders at once: React.lazy would still show the nearest
 * loading fallback for a moment, and then hold back what replaces it for up to 300 ms after the
 * fallback appeared (React's reveal throttling), which start-up, having loaded the page already,
 * must not pay for.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | undefined;
  // Runs `load` on every call (import() caches the module, so a repeat is cheap) and keeps the component it gives.
  const loadAndKeep = () =>
    load().then((component) => {
      loaded = component;
      return component;
    });
  const Lazy = lazy(() => loadAndKeep().then((component) => ({ default: component })));
  const Component = (props: P) => createElement(loaded ?? Lazy, props);
  return Object.assign(Component, { load: loadAndKeep });
}

// Everything behind sign-in, each page its own chunk. Only these import() thunks are in the first download.
export const SignedInApp = lazyComponent(() => import("./SignedInApp").then((module) => module.SignedInApp));
export const HomePage = lazyComponent(() => import("../features/home/HomePage").then((module) => module.HomePage));
const defenderLayout = () => import("../features/defender/DefenderLayout");
export const DefenderLayout = lazyComponent(() => defenderLayout().then((module) => module.DefenderLayout));
export const DefenderOverview = lazyComponent(() => defenderLayout().then((module) => module.DefenderOverview));
export const EnvironmentSettingsPage = lazyComponent(() =>
  import("../features/environment-settings/EnvironmentSettingsPage").then((module) => module.EnvironmentSettingsPage),
);
export const DefenderPlansPage = lazyComponent(() =>
  import("../features/defender-plans/DefenderPlansPage").then((module) => module.DefenderPlansPage),
);
export const PlanSettingsPage = lazyComponent(() =>
  import("../features/defender-plans/PlanSettingsPage").then((module) => module.PlanSettingsPage),
);

/** Downloads and runs the signed-in app's code and that of the page at `pathname` (start-up, before the first render). */
export function loadSignedInPage(pathname: string): Promise<unknown> {
  const path = pathname.replace(/\/$/, "") || "/";
  const page = scopeOfPath(path)
    ? [path.endsWith("/settings") ? PlanSettingsPage : DefenderPlansPage]
    : path === "/defender"
      ? [DefenderLayout, DefenderOverview]
      : path === "/defender/environment-settings"
        ? [DefenderLayout, EnvironmentSettingsPage]
        : [HomePage];
  return Promise.all([SignedInApp, ...page].map((component) => component.load()));
}
