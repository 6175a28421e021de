import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { holdDeletion, pendingDeletions, releaseDeletionHold } from "./api";
import type { PendingDeletion } from "../bindings/PendingDeletion";
import { Badge } from "../components/Badge";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { QueryBoundary } from "../components/QueryBoundary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { queryKeys } from "../lib/queryKeys";
import { MIN_REASON_LENGTH } from "./OpenSupportDialog";

/**
 * Brokerages their owners asked to delete, soonest first. A hold (with a reason the
 * owner reads) stops the purge until it is released.
 */
export function PendingDeletions() {
  const pending = useQuery({ queryKey: queryKeys.pendingDeletions, queryFn: pendingDeletions });
  const [holding, setHolding] = useState<PendingDeletion | null>(null);
  const release = useCommandMutation(releaseDeletionHold, [queryKeys.pendingDeletions]);
  return (
    <section className="card" data-testid="pending-deletions">
      <div className="card__header">
        <h3 className="card__title">Pending deletions</h3>
        <p className="card__description">Purged when due, unless held.</p>
      </div>
      <QueryBoundary query={pending} testId="pending-deletions-list">
        {(rows) =>
          rows.length === 0 ? (
            <p className="card__body muted">No brokerage is pending deletion.</p>
          ) : (
            <ul className="key-list">
              {rows.map((row) => (
                <li key={row.tenant.id} className="key-row" data-testid={`pending-deletion-${row.tenant.subdomain}`}>
                  <div className="key-row__main">
                    <span className="person__name">{row.tenant.name}</span>
                    <span className="person__email mono">
                      {row.tenant.subdomain} · due {formatDateTime(row.dueAt)}
                    </span>
                    {row.holdReason ? <span className="muted">Held: “{row.holdReason}”</span> : null}
                  </div>
                  {row.holdReason ? <Badge tone="warning">Held</Badge> : null}
                  {row.holdReason ? (
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => release.run(row.tenant.id)}
                      disabled={release.busy}
                      data-testid={`release-hold-${row.tenant.subdomain}`}
                    >
                      Release hold
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => setHolding(row)}
                      data-testid={`hold-${row.tenant.subdomain}`}
                    >
                      Hold
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryBoundary>
      {release.error ? <ErrorCallout error={release.error} /> : null}
      {holding ? <HoldDialog pending={holding} onClose={() => setHolding(null)} /> : null}
    </section>
  );
}

function HoldDialog({ pending, onClose }: { pending: PendingDeletion; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const hold = useCommandMutation(holdDeletion, [queryKeys.pendingDeletions], onClose);
  const short = MIN_REASON_LENGTH - reason.trim().length;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    hold.run({ tenantId: pending.tenant.id, reason: reason.trim() });
  };
  return (
    <Dialog
      title={`Hold the deletion of ${pending.tenant.name}`}
      description="The brokerage is not purged while the hold lasts. The owner reads the reason in their audit trail."
      onClose={onClose}
      testId="hold-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label="Hold deletion"
          busyLabel="Holding…"
          busy={hold.busy}
          disabled={short > 0}
          form="hold-form"
          testId="hold-submit"
        />
      }
    >
      <form id="hold-form" className="dialog__body-form" onSubmit={submit}>
        <Field
          label="Reason"
          hint={short > 0 ? `At least ${short} more character${short === 1 ? "" : "s"}.` : "The owner will read this."}
        >
          <textarea
            className="input textarea"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={3}
            required
            data-testid="hold-reason"
          />
        </Field>
      </form>
      {hold.error ? <ErrorCallout error={hold.error} testId="hold-error" /> : null}
    </Dialog>
  );
}
