import { useState, type FormEvent } from "react";
import type { NewPrivacyRequest } from "../bindings/NewPrivacyRequest";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { queryKeys } from "../lib/queryKeys";
import { recordPrivacyRequest } from "./api";
import { localToday } from "./dueDates";
import { CHANNEL_LABELS, KIND_LABELS, LAW_LABELS } from "./labels";

/** Option elements for a labelled union, in the labels' order. */
function options<K extends string>(labels: Record<K, string>) {
  return (Object.entries(labels) as [K, string][]).map(([value, label]) => (
    <option key={value} value={value}>
      {label}
    </option>
  ));
}

/** Records a request as it reached the brokerage; core computes its deadlines from the law and the day. */
export function RecordRequestDialog({ onClose }: { onClose: () => void }) {
  const today = localToday();
  const [form, setForm] = useState<NewPrivacyRequest>({
    kind: "access",
    law: "ccpa",
    requesterName: "",
    requesterEmail: null,
    channel: "email",
    receivedOn: today,
    notes: "",
  });
  const record = useCommandMutation(recordPrivacyRequest, [queryKeys.privacyRequests], onClose);
  const set = <F extends keyof NewPrivacyRequest>(field: F) => (value: NewPrivacyRequest[F]) =>
    setForm((f) => ({ ...f, [field]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.run(form);
  };
  return (
    <Dialog
      title="Record a privacy request"
      description="Saved on this computer at once and sent to the server (later, if you are offline). The deadlines follow from the law and the day received."
      onClose={onClose}
      testId="privacy-record-dialog"
      footer={
        <DialogActions onCancel={onClose} label="Record request" busyLabel="Saving…" busy={record.busy} form="privacy-record-form" testId="privacy-record-submit" />
      }
    >
      <form id="privacy-record-form" className="dialog__body-form" onSubmit={submit}>
        <Field label="Request">
          <select className="select" value={form.kind} onChange={(e) => set("kind")(e.target.value as NewPrivacyRequest["kind"])} data-testid="privacy-kind">
            {options(KIND_LABELS)}
          </select>
        </Field>
        <Field label="Law" hint="CCPA: confirm receipt within 10 business days, answer within 45 days. GDPR: answer within one month.">
          <select className="select" value={form.law} onChange={(e) => set("law")(e.target.value as NewPrivacyRequest["law"])} data-testid="privacy-law">
            {options(LAW_LABELS)}
          </select>
        </Field>
        <Field label="Requester's name">
          <input className="input" required value={form.requesterName} onChange={(e) => set("requesterName")(e.target.value)} data-testid="privacy-name" />
        </Field>
        <Field label="Requester's email" hint="Optional.">
          <input
            className="input"
            type="email"
            value={form.requesterEmail ?? ""}
            onChange={(e) => set("requesterEmail")(e.target.value || null)}
            data-testid="privacy-email"
          />
        </Field>
        <Field label="Received by">
          <select className="select" value={form.channel} onChange={(e) => set("channel")(e.target.value as NewPrivacyRequest["channel"])} data-testid="privacy-channel">
            {options(CHANNEL_LABELS)}
          </select>
        </Field>
        <Field label="Received on">
          <input
            className="input"
            type="date"
            required
            max={today}
            value={form.receivedOn}
            onChange={(e) => set("receivedOn")(e.target.value)}
            data-testid="privacy-received-on"
          />
        </Field>
        <Field label="Notes">
          <textarea className="input textarea" rows={3} value={form.notes} onChange={(e) => set("notes")(e.target.value)} data-testid="privacy-notes" />
        </Field>
      </form>
      {record.error ? <ErrorCallout error={record.error} testId="privacy-record-error" /> : null}
    </Dialog>
  );
}
