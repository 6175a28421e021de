import type { PrivacyRequest } from "../bindings/PrivacyRequest";
import { DUE_SOON_DAYS, dueSummary } from "./dueDates";

/** How many open requests are overdue or due soon, by their next deadline. */
export function DueSummaryBar({ requests, today }: { requests: readonly PrivacyRequest[]; today: string }) {
  const { overdue, dueSoon } = dueSummary(requests, today);
  return (
    <section className="card privacy-summary" aria-label="Deadlines" data-testid="privacy-summary">
      <p className="privacy-summary__figure" data-testid="privacy-overdue" data-state={overdue > 0 ? "overdue" : "clear"}>
        <strong>{overdue}</strong> overdue
      </p>
      <p className="privacy-summary__figure" data-testid="privacy-due-soon" data-state={dueSoon > 0 ? "soon" : "clear"}>
        <strong>{dueSoon}</strong> due within {DUE_SOON_DAYS} days
      </p>
    </section>
  );
}
