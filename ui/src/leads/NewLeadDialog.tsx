import { useState } from "react";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { createLead } from "./api";
import { leadKeys } from "./useLeads";

/** A new lead, made in the cache and queued for the server, so it works offline. */
export function NewLeadDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const create = useCommandMutation(createLead, [leadKeys.all], (lead) => onCreated(lead.id));
  const formId = "new-lead-form";
  return (
    <Dialog
      title="New lead"
      onClose={onClose}
      testId="new-lead-dialog"
      footer={<DialogActions onCancel={onClose} label="Create lead" busyLabel="Creating…" busy={create.busy} disabled={name.trim() === ""} form={formId} testId="new-lead-create" />}
    >
      <form
        id={formId}
        className="dialog__body-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.run({
            name,
            emails: email.trim() ? [email.trim()] : [],
            phones: phone.trim() ? [phone.trim()] : [],
          });
        }}
      >
        <Field label="Name">
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} autoFocus data-testid="new-lead-name" />
        </Field>
        <Field label="Email">
          <input className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="new-lead-email" />
        </Field>
        <Field label="Phone">
          <input className="input" value={phone} onChange={(e) => setPhone(e.target.value)} data-testid="new-lead-phone" />
        </Field>
        {create.error ? <ErrorCallout error={create.error} testId="new-lead-error" /> : null}
      </form>
    </Dialog>
  );
}
