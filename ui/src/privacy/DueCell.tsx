import type { PrivacyRequest } from "../bindings/PrivacyRequest";
import { Badge, type Tone } from "../components/Badge";
import { DUE_SOON_DAYS, daysUntil, nextDue } from "./dueDates";

function nearness(days: number): [Tone, string] {
  if (days < 0) return ["negative", "Overdue"];
  if (days === 0) return ["warning", "Due today"];
  return [days <= DUE_SOON_DAYS ? "warning" : "neutral", `Due in ${days} ${days === 1 ? "day" : "days"}`];
}

/** The next date owed with how near it is; for a closed request, the day it closed. */
export function DueCell({ request, today }: { request: PrivacyRequest; today: string }) {
  const due = nextDue(request);
  if (due === null) return <span className="muted">Closed {request.closedOn ?? ""}</span>;
  const [tone, text] = nearness(daysUntil(due.on, today));
  return (
    <span className="privacy-due-cell">
      <span>
        {due.owed === "confirmation" ? "Confirm by" : "Respond by"} {due.on}
      </span>
      <Badge tone={tone} testId={`privacy-due-${request.id}`}>
        {text}
      </Badge>
    </span>
  );
}
