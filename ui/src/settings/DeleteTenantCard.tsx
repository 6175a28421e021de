import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { cancelTenantDeletion, requestTenantDeletion, tenantDeletion } from "./api";
import type { TenantDeletionState } from "../bindings/TenantDeletionState";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { QueryBoundary } from "../components/QueryBoundary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { queryKeys } from "../lib/queryKeys";
import { NEEDS_CONNECTION } from "../edits/useOffline";
import "./deletion.css";

/** The days between the request and the purge (core's `tenant_deletion::GRACE_DAYS`). */
export const GRACE_DAYS = 30;

/**
 * The owner's danger zone: deleting the brokerage with all of its data. Once asked, the
 * card becomes the pending notice with the date and the way back.
 */
export function DeleteTenantCard({ offline, mfaEnabled }: { offline: boolean; mfaEnabled: boolean }) {
  const state = useQuery({ queryKey: queryKeys.tenantDeletion, queryFn: tenantDeletion });
  const [asking, setAsking] = useState(false);
  return (
    <section className="card card--danger" data-testid="delete-tenant-card">
      <QueryBoundary query={state} testId="tenant-deletion">
        {(deletion) =>
          deletion.status === "pending_deletion" ? (
            <PendingDeletionNotice deletion={deletion} offline={offline} />
          ) : (
            <div className="card__header card__header--actions">
              <div>
                <h3 className="card__title">Delete this brokerage</h3>
                <p className="card__description">
                  Deletes the brokerage and everything it holds: members, leads, consent records, deals, the
                  knowledge base and the audit trail. For {GRACE_DAYS} days it stays read-only, so you can still
                  read and export your data, and you can cancel; then it is purged for good and every device signed
                  in to it deletes its copy.
                </p>
              </div>
              <button
                type="button"
                className="button button--danger"
                onClick={() => setAsking(true)}
                disabled={offline || deletion.status !== "active"}
                title={offline ? `${NEEDS_CONNECTION}: the server records the request.` : undefined}
                data-testid="delete-tenant-open"
              >
                Delete this brokerage…
              </button>
            </div>
          )
        }
      </QueryBoundary>
      {asking ? <DeleteTenantDialog mfaEnabled={mfaEnabled} onClose={() => setAsking(false)} /> : null}
    </section>
  );
}

function PendingDeletionNotice({ deletion, offline }: { deletion: TenantDeletionState; offline: boolean }) {
  const cancel = useCommandMutation(() => cancelTenantDeletion(), [queryKeys.tenantDeletion]);
  return (
    <div className="deletion-pending" role="alert" data-testid="deletion-pending">
      <div>
        <h3 className="card__title">This brokerage will be deleted on {formatDateTime(deletion.dueAt)}</h3>
        <p className="card__description">
          Until then it is read-only: everyone can read and export, nobody can make changes.
          {deletion.held ? " Brokerdesk support is holding the deletion, so it will not happen until they release it." : ""}
        </p>
        {cancel.error ? <ErrorCallout error={cancel.error} /> : null}
      </div>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => cancel.run(undefined)}
        disabled={offline || cancel.busy}
        data-testid="deletion-cancel"
      >
        {cancel.busy ? "Cancelling…" : "Cancel deletion"}
      </button>
    </div>
  );
}

function DeleteTenantDialog({ mfaEnabled, onClose }: { mfaEnabled: boolean; onClose: () => void }) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const ask = useCommandMutation(requestTenantDeletion, [queryKeys.tenantDeletion], onClose);
  const ready = password !== "" && (!mfaEnabled || code.trim() !== "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    ask.run({ password, mfaCode: mfaEnabled ? code.trim() : null });
  };
  return (
    <Dialog
      title="Delete this brokerage?"
      onClose={onClose}
      testId="delete-tenant-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label="Delete the brokerage"
          busy={ask.busy}
          danger
          busyLabel="Deleting…"
          disabled={!ready}
          form="delete-tenant-form"
          testId="delete-tenant-confirm"
        />
      }
    >
      <form id="delete-tenant-form" onSubmit={submit} className="dialog__text">
        <p>
          The brokerage becomes read-only now and is deleted with all of its data in {GRACE_DAYS} days. You can cancel
          until then. Confirm it is you:
        </p>
        <Field label="Your password">
          <input
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
            data-testid="delete-tenant-password"
          />
        </Field>
        {mfaEnabled ? (
          <Field label="Authenticator code" hint="From your authenticator app, or a recovery code.">
            <input
              className="input"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              data-testid="delete-tenant-code"
            />
          </Field>
        ) : null}
      </form>
      {ask.error ? <ErrorCallout error={ask.error} testId="delete-tenant-error" /> : null}
    </Dialog>
  );
}
