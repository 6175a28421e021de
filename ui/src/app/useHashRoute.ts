import { useSyncExternalStore } from "react";
import type { Route } from "./routes";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

function readHash(): string {
  return window.location.hash;
}

/**
 * The page the hash names, among those `available`; an unknown, empty or forbidden
 * hash lands on the first available page instead of a blank screen. A page may name
 * its own parts below its hash (`#/knowledge-base/console`).
 */
export function useHashRoute(available: readonly Route[]): Route {
  const hash = useSyncExternalStore(subscribe, readHash);
  const route = available.find((r) => r.href === hash || hash.startsWith(`${r.href}/`)) ?? available[0];
  if (!route) throw new Error("No page is available to this account.");
  return route;
}
