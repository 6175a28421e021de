import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { HoldSubject } from "../bindings/HoldSubject";
import type { LegalHold } from "../bindings/LegalHold";
import { ErrorCallout } from "../components/ErrorCallout";
import { QueryBoundary } from "../components/QueryBoundary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { queryKeys } from "../lib/queryKeys";
import { legalHolds, releaseLegalHold, setLegalHold } from "./retentionApi";

const SUBJECTS: Record<HoldSubject, string> = { lead: "Lead", transaction: "Transaction" };

/** Legal holds: a held lead or transaction is never purged, whatever the retention says. */
export function LegalHoldsCard() {
  const holds = useQuery({ queryKey: queryKeys.legalHolds, queryFn: legalHolds });
  const release = useCommandMutation(releaseLegalHold, [queryKeys.legalHolds]);
  return (
    <section className="card" data-testid="legal-holds-card">
      <div className="card__header">
        <h3 className="card__title">Legal holds</h3>
        <p className="card__description">A lead or transaction under a hold is left out of every purge until the hold is released.</p>
      </div>
      <NewHoldForm />
      {release.error ? <ErrorCallout error={release.error} testId="legal-hold-release-error" /> : null}
      <QueryBoundary query={holds} testId="legal-holds">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">No legal holds.</p>
          ) : (
            <ul className="key-list">
              {list.map((hold) => (
                <HoldRow key={hold.id} hold={hold} busy={release.busy} onRelease={() => release.run(hold.id)} />
              ))}
            </ul>
          )
        }
      </QueryBoundary>
    </section>
  );
}

function HoldRow({ hold, busy, onRelease }: { hold: LegalHold; busy: boolean; onRelease: () => void }) {
  return (
    <li className="key-row" data-testid={`legal-hold-${hold.id}`}>
      <div className="key-row__main">
        <p className="key-row__name">
          {SUBJECTS[hold.subject]} <code>{hold.subjectId}</code>
        </p>
        <p className="retention-row__minimum">
          {hold.reason} · since {hold.createdAt.slice(0, 10)}
        </p>
      </div>
      <button type="button" className="button button--secondary" disabled={busy} onClick={onRelease} data-testid={`legal-hold-release-${hold.id}`}>
        Release
      </button>
    </li>
  );
}

function NewHoldForm() {
  const [subject, setSubject] = useState<HoldSubject>("lead");
  const [subjectId, setSubjectId] = useState("");
  const [reason, setReason] = useState("");
  const hold = useCommandMutation(setLegalHold, [queryKeys.legalHolds], () => {
    setSubjectId("");
    setReason("");
  });
  return (
    <form
      className="legal-hold-form"
      onSubmit={(e) => {
        e.preventDefault();
        hold.run({ subject, subjectId: subjectId.trim(), reason });
      }}
    >
      <label className="field">
        <span className="field__label">Record</span>
        <select className="input" value={subject} onChange={(e) => setSubject(e.target.value as HoldSubject)} data-testid="legal-hold-subject">
          <option value="lead">Lead</option>
          <option value="transaction">Transaction</option>
        </select>
      </label>
      <label className="field">
        <span className="field__label">Its id</span>
        <input className="input" value={subjectId} onChange={(e) => setSubjectId(e.target.value)} data-testid="legal-hold-id" />
      </label>
      <label className="field">
        <span className="field__label">Reason</span>
        <input className="input" value={reason} placeholder="Matter or case number" onChange={(e) => setReason(e.target.value)} data-testid="legal-hold-reason" />
      </label>
      <button type="submit" className="button button--secondary" disabled={hold.busy || subjectId.trim() === "" || reason.trim() === ""} data-testid="legal-hold-set">
        Hold
      </button>
      {hold.error ? <ErrorCallout error={hold.error} testId="legal-hold-error" /> : null}
    </form>
  );
}
