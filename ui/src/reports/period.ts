import type { Period } from "../bindings/Period";

/** The periods the Reports page offers. */
export type PeriodChoice = "month" | "quarter" | "ytd" | "lastYear" | "custom";

export const PERIOD_LABELS: Record<PeriodChoice, string> = {
  month: "This month",
  quarter: "This quarter",
  ytd: "Year to date",
  lastYear: "Last year",
  custom: "Custom",
};

const pad = (n: number) => String(n).padStart(2, "0");

/** A calendar day as Rust's `NaiveDate` reads it (yyyy-mm-dd), in local time. */
export function isoDay(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The last day of `month` (1–12) of `year`. */
function lastDay(year: number, month: number): number {
  return new Date(year, month, 0).getDate();
}

/**
 * The days a choice covers, both ends included, as of `today` (local). Ranges run to the
 * period's end (a quarter to its last day) so pending deals expected later in it count
 * in the pipeline; "year to date" stops at today. A custom range is taken as given,
 * with its ends swapped when entered backwards; null while it is incomplete.
 */
export function periodFor(choice: PeriodChoice, today: Date, custom?: { from: string; to: string }): Period | null {
  const y = today.getFullYear();
  const m = today.getMonth() + 1;
  switch (choice) {
    case "month":
      return { from: isoDay(y, m, 1), to: isoDay(y, m, lastDay(y, m)) };
    case "quarter": {
      const first = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: isoDay(y, first, 1), to: isoDay(y, first + 2, lastDay(y, first + 2)) };
    }
    case "ytd":
      return { from: isoDay(y, 1, 1), to: isoDay(y, m, today.getDate()) };
    case "lastYear":
      return { from: isoDay(y - 1, 1, 1), to: isoDay(y - 1, 12, 31) };
    case "custom": {
      const valid = /^\d{4}-\d{2}-\d{2}$/;
      if (!custom || !valid.test(custom.from) || !valid.test(custom.to)) return null;
      return custom.from <= custom.to ? { ...custom } : { from: custom.to, to: custom.from };
    }
  }
}

/** "Jan 1 – Mar 31, 2026" (one year) or "Dec 1, 2025 – Jan 31, 2026". */
export function describePeriod(period: Period): string {
  const day = (iso: string, withYear: boolean) => {
    const [y = 0, m = 1, d = 1] = iso.split("-").map(Number);
    return new Date(y, m - 1, d).toLocaleDateString("en-US", { month: "short", day: "numeric", ...(withYear ? { year: "numeric" } : {}) });
  };
  const sameYear = period.from.slice(0, 4) === period.to.slice(0, 4);
  return `${day(period.from, !sameYear)} – ${day(period.to, true)}`;
}

/** "Mar 14, 2026" from a yyyy-mm-dd day. */
export function describeDay(iso: string): string {
  const [y = 0, m = 1, d = 1] = iso.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" });
}
