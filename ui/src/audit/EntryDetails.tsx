import type { TrailLine } from "../bindings/TrailLine";
import { Badge } from "../components/Badge";
import { formatDateTime } from "../lib/formatDate";
import { isSupport } from "./auditFilter";

/** The sentence, then the raw entry as recorded: codes, ids, the name at the time and the hashes. */
export function EntryDetails({ line: entry, onClose }: { line: TrailLine; onClose: () => void }) {
  const rows: [string, string | null][] = [
    ["When", `${formatDateTime(entry.occurredAt)} (${entry.occurredAt})`],
    ["Actor, as recorded", `${entry.actor.display} (${entry.actor.kind.replace("_", " ")})`],
    ["Action", entry.action],
    ["Target", entry.target],
    ["Reason", entry.reason],
    ["Ticket", entry.supportTicket],
    ["IP address", entry.ip],
    ["App", entry.userAgent],
  ];
  return (
    <aside className="entry-details card" aria-label={`Entry ${entry.seq}`} data-testid="audit-details">
      <div className="entry-details__head">
        <h3 className="card__title">Entry #{entry.seq}</h3>
        {isSupport(entry) ? <Badge tone="warning">Support access</Badge> : null}
        <button type="button" className="button button--ghost button--small entry-details__close" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="entry-details__sentence" data-testid="audit-details-sentence">
        {entry.sentence}
      </p>
      <dl className="entry-details__list">
        {rows
          .filter(([, value]) => value !== null && value !== "")
          .map(([term, value]) => (
            <div key={term} className="detail">
              <dt className="detail__term">{term}</dt>
              <dd className="detail__value">{value}</dd>
            </div>
          ))}
        <div className="detail">
          <dt className="detail__term">Details</dt>
          <dd>
            <pre className="entry-details__json">{JSON.stringify(entry.details, null, 2)}</pre>
          </dd>
        </div>
        <div className="detail">
          <dt className="detail__term">Hash</dt>
          <dd className="detail__value mono">{entry.hash}</dd>
        </div>
        <div className="detail">
          <dt className="detail__term">Previous hash</dt>
          <dd className="detail__value mono">{entry.prevHash}</dd>
        </div>
      </dl>
    </aside>
  );
}
