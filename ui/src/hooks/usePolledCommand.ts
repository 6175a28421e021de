import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toErrorBody } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";

export type Outcome<T> =
  | { ok: true; value: T }
  // The command never answered, so we stamp the failure ourselves.
  | { ok: false; error: ErrorBody; failedAt: string };

export interface PolledCommand<T> {
  /** Result of the most recent settled check; null before the first one. */
  outcome: Outcome<T> | null;
  /** A check the user is waiting on (first load or "Check again"). */
  checking: boolean;
  /** Any check in flight, including silent background polls. */
  busy: boolean;
  recheck: () => void;
}

interface State<T> {
  outcome: Outcome<T> | null;
  checking: boolean;
  busy: boolean;
}

/**
 * Runs `fetcher` on mount, on demand, and optionally every `intervalMs`.
 * Background polls keep showing the previous result so the screen does not
 * flicker to "Checking…" every few seconds.
 */
export function usePolledCommand<T>(
  fetcher: () => Promise<T>,
  intervalMs?: number,
): PolledCommand<T> {
  const [state, setState] = useState<State<T>>({
    outcome: null,
    checking: true,
    busy: true,
  });

  // Only the newest request may write state, so a slow early reply can never
  // overwrite a fresher one.
  const latestRequest = useRef(0);
  const busyRef = useRef(false);
  const fetcherRef = useRef(fetcher);
  useEffect(() => {
    fetcherRef.current = fetcher;
  }, [fetcher]);

  const run = useCallback(async (userInitiated: boolean) => {
    const request = ++latestRequest.current;
    busyRef.current = true;
    setState((s) => ({ ...s, busy: true, checking: s.checking || userInitiated }));

    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await fetcherRef.current() };
    } catch (e) {
      outcome = { ok: false, error: toErrorBody(e), failedAt: new Date().toISOString() };
    }

    if (request !== latestRequest.current) return;
    busyRef.current = false;
    setState({ outcome, checking: false, busy: false });
  }, []);

  useEffect(() => {
    void run(true);
    // Invalidate in-flight requests so nothing lands after unmount.
    return () => {
      latestRequest.current++;
      busyRef.current = false;
    };
  }, [run]);

  useEffect(() => {
    if (!intervalMs) return;
    const timer = setInterval(() => {
      if (!busyRef.current) void run(false);
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, run]);

  const recheck = useCallback(() => {
    void run(true);
  }, [run]);

  // Stable identity lets consumers memoise derived views.
  return useMemo(() => ({ ...state, recheck }), [state, recheck]);
}
