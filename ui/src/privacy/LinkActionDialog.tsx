import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { auditTrail } from "../audit/api";
import type { PrivacyRequest } from "../bindings/PrivacyRequest";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { QueryBoundary } from "../components/QueryBoundary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { queryKeys } from "../lib/queryKeys";
import { LINKABLE_ACTIONS, linkPrivacyAction } from "./api";

/** Links what answered a request (an erasure, an edit, an export) by its audit-trail entry. */
export function LinkActionDialog({ request, onClose }: { request: PrivacyRequest; onClose: () => void }) {
  const trail = useQuery({ queryKey: queryKeys.audit, queryFn: auditTrail });
  const [seq, setSeq] = useState("");
  const link = useCommandMutation(linkPrivacyAction, [queryKeys.privacyRequests], onClose);
  const linked = new Set(request.actions.map((a) => a.auditSeq));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    link.run({ requestId: request.id, auditSeq: Number(seq) });
  };
  return (
    <Dialog
      title={`Link an action to ${request.requesterName}'s request`}
      description="Choose the audit-trail entry of what answered it. Linking needs a connection to the server."
      onClose={onClose}
      testId="privacy-link-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label="Link action"
          busyLabel="Linking…"
          busy={link.busy}
          disabled={seq === ""}
          form="privacy-link-form"
          testId="privacy-link-submit"
        />
      }
    >
      <QueryBoundary query={trail} testId="privacy-link-trail">
        {(entries) => {
          // Newest first: the action taken for a request is usually recent.
          const choices = entries.filter((e) => LINKABLE_ACTIONS.includes(e.action) && !linked.has(e.seq)).reverse();
          return choices.length === 0 ? (
            <p className="muted" data-testid="privacy-link-none">
              The audit trail has no erasure, lead edit or export that is not linked already.
            </p>
          ) : (
            <form id="privacy-link-form" className="dialog__body-form" onSubmit={submit}>
              <Field label="Audit-trail entry">
                <select className="select" required value={seq} onChange={(e) => setSeq(e.target.value)} data-testid="privacy-link-entry">
                  <option value="">Choose an entry…</option>
                  {choices.map((e) => (
                    <option key={e.seq} value={e.seq}>
                      #{e.seq} · {formatDateTime(e.occurredAt)} · {e.action}
                    </option>
                  ))}
                </select>
              </Field>
            </form>
          );
        }}
      </QueryBoundary>
      {link.error ? <ErrorCallout error={link.error} testId="privacy-link-error" /> : null}
    </Dialog>
  );
}
