import { useState } from "react";
import { Dialog } from "../components/Dialog";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { addDnc, removeDnc } from "./api";
import { useDncList } from "./DncControls";
import { leadKeys } from "./useLeads";

interface DncDialogProps {
  /** Anyone who works leads may add a number. */
  canAdd: boolean;
  /** Taking a number off is for those who manage every lead. */
  canRemove: boolean;
  onClose: () => void;
}

/**
 * The brokerage's internal do-not-call list: numbers nobody may call, whatever consent
 * says. Changes show at once (the "can we call now?" answers use them offline) and
 * reach the server with the next sync.
 */
export function DncDialog({ canAdd, canRemove, onClose }: DncDialogProps) {
  const list = useDncList();
  const [phone, setPhone] = useState("");
  const [reason, setReason] = useState("");
  const add = useCommandMutation(addDnc, [leadKeys.all], () => {
    setPhone("");
    setReason("");
  });
  const remove = useCommandMutation(removeDnc, [leadKeys.all]);
  const entries = list.data ?? [];

  return (
    <Dialog
      title="Do-not-call list"
      description="Numbers this brokerage never calls, by a person or by AI, whatever consent is on file."
      onClose={onClose}
      testId="dnc-dialog"
      footer={
        <button type="button" className="button button--primary" onClick={onClose}>
          Done
        </button>
      }
    >
      {canAdd ? (
        <form
          className="dnc-add"
          onSubmit={(e) => {
            e.preventDefault();
            add.run({ phone: phone.trim(), reason: reason.trim() === "" ? null : reason.trim() });
          }}
        >
          <Field label="Number">
            <input className="input" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="(415) 555-0199" data-testid="dnc-new-phone" />
          </Field>
          <Field label="Reason">
            <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Asked not to be called" data-testid="dnc-new-reason" />
          </Field>
          <button type="submit" className="button button--danger" disabled={add.busy || phone.trim() === ""} data-testid="dnc-new-add">
            Add number
          </button>
        </form>
      ) : null}
      {add.error ? <ErrorCallout error={add.error} testId="dnc-add-error" /> : null}
      {remove.error ? <ErrorCallout error={remove.error} /> : null}
      {entries.length === 0 ? (
        <p className="muted">{list.isPending ? "Loading…" : "No numbers are on the list."}</p>
      ) : (
        <ul className="dnc-list" data-testid="dnc-list">
          {entries.map((entry) => (
            <li key={entry.id} className="dnc-list__entry" data-testid="dnc-entry">
              <span className="mono">{entry.phone}</span>
              <span>{entry.reason ?? ""}</span>
              <span className="muted">
                {entry.version === 0 ? "Pending sync" : `Added ${formatDateTime(entry.addedAt)}`}
              </span>
              {canRemove ? (
                <button type="button" className="button button--ghost button--small" disabled={remove.busy} onClick={() => remove.run(entry.id)} aria-label={`Take ${entry.phone} off the list`}>
                  Take off
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
