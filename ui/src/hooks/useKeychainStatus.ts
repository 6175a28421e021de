import { fetchKeychainStatus } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";
import { usePolledCommand } from "./usePolledCommand";

export type KeychainState = "checking" | "available" | "unavailable";

export interface KeychainView {
  state: KeychainState;
  backend: string | null;
  error: ErrorBody | null;
  busy: boolean;
  recheck: () => void;
}

const NO_DETAILS: ErrorBody = {
  code: "keychain_unavailable",
  message: "The system keychain could not be used.",
};

/**
 * The keychain rarely changes on its own, so it is checked on mount and on
 * request (after the user unlocks or installs one) rather than polled.
 */
export function useKeychainStatus(): KeychainView {
  const { outcome, checking, busy, recheck } = usePolledCommand(fetchKeychainStatus);
  const base = { busy, recheck };

  if (outcome === null) {
    return { ...base, state: "checking", backend: null, error: null };
  }
  if (!outcome.ok) {
    return {
      ...base,
      state: checking ? "checking" : "unavailable",
      backend: null,
      error: outcome.error,
    };
  }
  const { available, backend, error } = outcome.value;
  return {
    ...base,
    state: checking ? "checking" : available ? "available" : "unavailable",
    backend: backend.trim() === "" ? null : backend,
    error: available ? null : (error ?? NO_DETAILS),
  };
}
