import type { PrivacyRequest } from "../bindings/PrivacyRequest";

/** How far ahead a deadline counts as due soon. */
export const DUE_SOON_DAYS = 7;

export interface NextDue {
  /** YYYY-MM-DD. */
  on: string;
  owed: "confirmation" | "answer";
}

/**
 * The next date something is owed, as core's `PrivacyRequest::next_due` has it: the
 * confirmation while the request is unconfirmed (GDPR sets no date for it, so then the
 * answer), then the answer; none once closed.
 */
export function nextDue({ status, deadlines }: PrivacyRequest): NextDue | null {
  if (status === "received" && deadlines.confirmBy !== null) return { on: deadlines.confirmBy, owed: "confirmation" };
  if (status === "received" || status === "confirmed") return { on: deadlines.respondBy, owed: "answer" };
  return null;
}

/** Whole days from `today` to `due` (both YYYY-MM-DD); negative once it has passed. */
export function daysUntil(due: string, today: string): number {
  // Counted on UTC midnights, so a daylight-saving change never makes a day 23 hours long.
  return (Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
}

/** Today's date on this computer, where the brokerage works, as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export interface DueSummary {
  overdue: number;
  /** Due today or within the next `DUE_SOON_DAYS` days. */
  dueSoon: number;
}

/** How many open requests are past their next deadline, and how many reach it soon. */
export function dueSummary(requests: readonly PrivacyRequest[], today: string): DueSummary {
  const summary: DueSummary = { overdue: 0, dueSoon: 0 };
  for (const request of requests) {
    const due = nextDue(request);
    if (due === null) continue;
    const days = daysUntil(due.on, today);
    if (days < 0) summary.overdue += 1;
    else if (days <= DUE_SOON_DAYS) summary.dueSoon += 1;
  }
  return summary;
}
