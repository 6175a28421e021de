import { useSyncExternalStore } from "react";
import { DEFAULT_ROUTE, ROUTES, type Route } from "./routes";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

function readHash(): string {
  return window.location.hash;
}

/** Unknown or empty hashes land on the default page instead of a blank screen. */
export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, readHash);
  return ROUTES.find((route) => route.href === hash) ?? DEFAULT_ROUTE;
}
