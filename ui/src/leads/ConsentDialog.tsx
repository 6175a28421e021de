import { useState } from "react";
import type { ConsentChannel } from "../bindings/ConsentChannel";
import type { Lead } from "../bindings/Lead";
import type { NewConsent } from "../bindings/NewConsent";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { recordConsent } from "./api";
import { CHANNEL_LABELS } from "./labels";
import { leadKeys } from "./useLeads";

/** What a revocation withdraws: the consent for one channel and one number or email. */
export interface Revoking {
  channel: ConsentChannel;
  covers: string;
}

interface ConsentDialogProps {
  lead: Lead;
  /** Set to record a revocation of this consent; unset to record a grant. */
  revoking?: Revoking;
  onClose: () => void;
}

/** The lead's numbers for calls and texts, its emails for email. */
function contactsFor(lead: Lead, channel: ConsentChannel): string[] {
  return channel === "email" ? lead.emails : lead.phones;
}

/**
 * Adds an entry to the lead's consent ledger: a grant, with the exact words the person
 * agreed to and where, or a revocation. Entries are never changed afterwards, so the
 * ledger stays proof of what was agreed and when. Works offline.
 */
export function ConsentDialog({ lead, revoking, onClose }: ConsentDialogProps) {
  const [channel, setChannel] = useState<ConsentChannel>(revoking?.channel ?? "call");
  const [covers, setCovers] = useState(revoking?.covers ?? contactsFor(lead, "call")[0] ?? "");
  const [written, setWritten] = useState(false);
  const [text, setText] = useState("");
  const [where, setWhere] = useState("");
  const record = useCommandMutation((consent: NewConsent) => recordConsent(lead.id, consent), [leadKeys.all], onClose);
  const contacts = contactsFor(lead, channel);
  const formId = "consent-form";
  const grant = !revoking;

  return (
    <Dialog
      title={grant ? "Record consent" : "Record a revocation"}
      description={
        grant
          ? "Quote exactly what the person agreed to. AI and artificial-voice calls need written consent (an e-signature or a ticked box with the disclosure)."
          : `From now on ${revoking.covers} may not be contacted by ${CHANNEL_LABELS[revoking.channel].toLowerCase()}. The grant stays in the ledger as a record.`
      }
      onClose={onClose}
      testId="consent-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label={grant ? "Record consent" : "Record revocation"}
          busyLabel="Recording…"
          busy={record.busy}
          danger={!grant}
          disabled={covers.trim() === "" || (grant && text.trim() === "")}
          form={formId}
          testId="consent-save"
        />
      }
    >
      <form
        id={formId}
        className="dialog__body-form"
        onSubmit={(e) => {
          e.preventDefault();
          record.run({
            channel,
            action: grant ? "granted" : "revoked",
            written: grant && written,
            covers: covers.trim(),
            text: text.trim(),
            capturedAt: null,
            capturedWhere: where.trim() === "" ? null : where.trim(),
            evidence: { ip: null, userAgent: null },
          });
        }}
      >
        {grant ? (
          <>
            <Field label="Channel">
              <select
                className="select"
                value={channel}
                onChange={(e) => {
                  const next = e.target.value as ConsentChannel;
                  setChannel(next);
                  setCovers(contactsFor(lead, next)[0] ?? "");
                }}
                data-testid="consent-channel"
              >
                {(Object.keys(CHANNEL_LABELS) as ConsentChannel[]).map((c) => (
                  <option key={c} value={c}>
                    {CHANNEL_LABELS[c]}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={channel === "email" ? "Email it covers" : "Number it covers"} hint="Consent for one number or address says nothing about another.">
              {contacts.length > 0 ? (
                <select className="select" value={covers} onChange={(e) => setCovers(e.target.value)} data-testid="consent-covers">
                  {contacts.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              ) : (
                <input className="input" value={covers} onChange={(e) => setCovers(e.target.value)} data-testid="consent-covers" />
              )}
            </Field>
            <label className="checkbox">
              <input type="checkbox" checked={written} onChange={(e) => setWritten(e.target.checked)} data-testid="consent-written" />
              Prior express written consent
            </label>
          </>
        ) : null}
        <Field label={grant ? "Exact words agreed to" : "What they said (optional)"}>
          <textarea className="input" rows={3} value={text} onChange={(e) => setText(e.target.value)} data-testid="consent-text" />
        </Field>
        <Field label="Where" hint="The page URL, the form's name, or e.g. “phone call with Dana”.">
          <input className="input" value={where} onChange={(e) => setWhere(e.target.value)} data-testid="consent-where" />
        </Field>
        {record.error ? <ErrorCallout error={record.error} testId="consent-error" /> : null}
      </form>
    </Dialog>
  );
}
