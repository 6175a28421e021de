import { useState, type FormEvent } from "react";
import { openSupportSession } from "./api";
import type { StaffTenantView } from "../bindings/StaffTenantView";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { useSession } from "../session/SessionContext";

/** The server's rule; checked here too so the button says what is missing. */
export const MIN_REASON_LENGTH = 15;

export function OpenSupportDialog({ tenant, onClose }: { tenant: StaffTenantView; onClose: () => void }) {
  const { enter } = useSession();
  const [reason, setReason] = useState("");
  const [ticket, setTicket] = useState("");
  const open = useCommandMutation(openSupportSession, [], enter);
  const short = MIN_REASON_LENGTH - reason.trim().length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.run({ tenantId: tenant.tenant.id, reason: reason.trim(), ticket: ticket.trim() || null });
  };
  return (
    <Dialog
      title={`Open ${tenant.tenant.name} as support`}
      description="The brokerage's owner sees who opened it and why in their audit trail. The session lasts an hour at most (less if your staff sign-in runs out first), and everything cached for it is deleted when it ends."
      onClose={onClose}
      testId="support-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label="Open as support"
          busyLabel="Opening…"
          busy={open.busy}
          disabled={short > 0}
          form="support-form"
          testId="support-submit"
        />
      }
    >
      <form id="support-form" className="dialog__body-form" onSubmit={submit}>
        <Field
          label="Reason"
          hintTestId="support-reason-hint"
          hint={short > 0 ? `At least ${short} more character${short === 1 ? "" : "s"}.` : "The owner will read this."}
        >
          <textarea
            className="input textarea"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={3}
            required
            data-testid="support-reason"
          />
        </Field>
        <Field label="Ticket (optional)">
          <input className="input" value={ticket} onChange={(e) => setTicket(e.target.value)} placeholder="SUP-1234" data-testid="support-ticket" />
        </Field>
      </form>
      {open.error ? <ErrorCallout error={open.error} testId="support-error" /> : null}
    </Dialog>
  );
}
