import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { toErrorBody } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { FieldFinding } from "../bindings/FieldFinding";
import type { KbDraft } from "../bindings/KbDraft";
import { KB_KEY, kbLint } from "./api";

/** Long enough to skip the keystrokes of a word, short enough to feel live. */
export const LINT_DELAY_MS = 300;

function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * The fair-housing lint of `draft`, run on this computer (so offline too) once typing
 * pauses. The previous findings stay shown meanwhile; callers check each one still
 * matches the text (`stillAt`) before pointing at it.
 */
export function useLint(draft: KbDraft): { findings: FieldFinding[]; error: ErrorBody | null } {
  const query = useLintNow(useDebounced(draft, LINT_DELAY_MS));
  return { findings: query.findings ?? [], error: query.error };
}

/** The lint of `draft` as it is now; `findings` is undefined until it has answered. */
export function useLintNow(linted: KbDraft): { findings: FieldFinding[] | undefined; error: ErrorBody | null } {
  const query = useQuery({
    queryKey: [...KB_KEY, "lint", linted],
    queryFn: () => kbLint(linted),
    placeholderData: keepPreviousData,
    // The lint of a given text never changes while the app runs.
    staleTime: Infinity,
  });
  return { findings: query.data, error: query.error ? toErrorBody(query.error) : null };
}
