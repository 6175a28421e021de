import { useState, type FormEvent } from "react";
import { openSupportSession } from "../../api/staff";
import type { OpenSupportSessionRequest } from "../../bindings/OpenSupportSessionRequest";
import type { StaffTenantView } from "../../bindings/StaffTenantView";
import { Dialog } from "../../components/Dialog";
import { ErrorCallout } from "../../components/ErrorCallout";
import { useCommandMutation } from "../../hooks/useCommandMutation";
import { useSession } from "../../session/SessionContext";

/** The server's rule; checked here too so the button says what is missing. */
export const MIN_REASON_LENGTH = 15;

export function OpenSupportDialog({ tenant, onClose }: { tenant: StaffTenantView; onClose: () => void }) {
  const { enter } = useSession();
  const [reason, setReason] = useState("");
  const [ticket, setTicket] = useState("");
  const open = useCommandMutation(
    (request: OpenSupportSessionRequest) => openSupportSession(request, tenant.tenant.subdomain),
    [],
    enter,
  );
  const short = MIN_REASON_LENGTH - reason.trim().length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.run({ tenantId: tenant.tenant.id, reason: reason.trim(), ticket: ticket.trim() || null });
  };
  return (
    <Dialog
      title={`Open ${tenant.tenant.name} as support`}
      description="The brokerage's owner sees who opened it and why in their audit trail. The session lasts an hour at most, and everything cached for it is deleted when it ends."
      onClose={onClose}
      testId="support-dialog"
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="support-form" className="button button--primary" disabled={short > 0 || open.busy} data-testid="support-submit">
            {open.busy ? "Opening…" : "Open as support"}
          </button>
        </>
      }
    >
      <form id="support-form" className="dialog__body-form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">Reason</span>
          <textarea
            className="input textarea"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={3}
            required
            data-testid="support-reason"
          />
          <span className="field__hint" data-testid="support-reason-hint">
            {short > 0 ? `At least ${short} more character${short === 1 ? "" : "s"}.` : "The owner will read this."}
          </span>
        </label>
        <label className="field">
          <span className="field__label">Ticket (optional)</span>
          <input className="input" value={ticket} onChange={(e) => setTicket(e.target.value)} placeholder="SUP-1234" data-testid="support-ticket" />
        </label>
      </form>
      {open.error ? <ErrorCallout error={open.error} testId="support-error" /> : null}
    </Dialog>
  );
}
