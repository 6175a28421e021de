import { useState, type FormEvent } from "react";
import type { PrivacyRequest } from "../bindings/PrivacyRequest";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { queryKeys } from "../lib/queryKeys";
import { changePrivacyRequest } from "./api";

/** Completes or denies a request, with its notes; a denial needs them, as the requester is owed the reason. */
export function CloseRequestDialog({
  request,
  status,
  onClose,
}: {
  request: PrivacyRequest;
  status: "completed" | "denied";
  onClose: () => void;
}) {
  const [notes, setNotes] = useState(request.notes);
  const close = useCommandMutation(changePrivacyRequest, [queryKeys.privacyRequests], onClose);
  const denying = status === "denied";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    close.run({ requestId: request.id, changes: { status, notes } });
  };
  return (
    <Dialog
      title={`${denying ? "Deny" : "Complete"} ${request.requesterName}'s request`}
      onClose={onClose}
      testId="privacy-close-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label={denying ? "Deny request" : "Complete request"}
          busyLabel="Saving…"
          busy={close.busy}
          disabled={denying && notes.trim() === ""}
          danger={denying}
          form="privacy-close-form"
          testId="privacy-close-submit"
        />
      }
    >
      <form id="privacy-close-form" className="dialog__body-form" onSubmit={submit}>
        <Field label="Notes" hint={denying ? "Required: why the request is denied, e.g. the identity could not be verified." : "What was done, if the linked actions do not say."}>
          <textarea
            className="input textarea"
            rows={4}
            required={denying}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            data-testid="privacy-close-notes"
          />
        </Field>
      </form>
      {close.error ? <ErrorCallout error={close.error} testId="privacy-close-error" /> : null}
    </Dialog>
  );
}
