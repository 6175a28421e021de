import { useState, type FormEvent } from "react";
import type { PropertyAddress } from "../bindings/PropertyAddress";
import type { Transaction } from "../bindings/Transaction";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { createTransaction, transactionKeys, type TransactionChanges } from "./api";
import { CodeSelect } from "./CodeSelect";
import { FIELD_LABELS, STATUSES, TYPES } from "./labels";

/** What a deal needs to be worth entering; the rest is filled in from the detail pane. */
const MONEY_AND_DATES = ["salePrice", "commissionRate", "commissionTotal", "closingDate"] as const;
const ADDRESS: readonly [keyof PropertyAddress, string][] = [
  ["streetNumber", "Street number"],
  ["streetName", "Street name"],
  ["city", "City"],
  ["state", "State"],
  ["postalCode", "ZIP / postal code"],
];

type Draft = Record<string, string>;

/** The deal as core's `NewTransaction` reads it: only the fields filled in. */
export function newDealOf(draft: Draft): TransactionChanges {
  const filled = (key: string) => (draft[key] ?? "").trim() || null;
  const deal: Record<string, unknown> = { name: draft.name ?? "" };
  for (const key of ["status", "transactionType", ...MONEY_AND_DATES]) {
    if (filled(key)) deal[key] = filled(key);
  }
  if (ADDRESS.some(([part]) => filled(`address.${part}`))) {
    deal.address = Object.fromEntries(ADDRESS.map(([part]) => [part, filled(`address.${part}`)]));
  }
  return deal as TransactionChanges;
}

/**
 * Enters a deal by hand. Core checks it as the server will (a name, money in dollars and
 * cents, plausible dates, the plan's quota); it shows at once, pending, and is queued, so
 * it works offline.
 */
export function NewDealDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (deal: Transaction) => void }) {
  const [draft, setDraft] = useState<Draft>({});
  const create = useCommandMutation(createTransaction, [transactionKeys.all], onCreated);
  const set = (key: string, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.run(newDealOf(draft));
  };
  const text = (key: string, label: string, type = "text") => (
    <Field key={key} label={label}>
      <input
        className="input"
        type={type}
        inputMode={type === "text" && key !== "name" && !key.startsWith("address") ? "decimal" : undefined}
        value={draft[key] ?? ""}
        onChange={(e) => set(key, e.target.value)}
        data-testid={`new-deal-${key.replace(".", "-")}`}
      />
    </Field>
  );
  const choice = (key: "status" | "transactionType", codes: readonly string[]) => (
    <CodeSelect key={key} label={FIELD_LABELS[key]} value={draft[key] ?? ""} codes={codes} onChange={(code) => set(key, code)} testId={`new-deal-${key}`} />
  );
  return (
    <Dialog
      title="New deal"
      description="Entered by hand. It is saved on this computer at once and sent to the server with the next sync."
      onClose={onClose}
      testId="new-deal-dialog"
      footer={<DialogActions onCancel={onClose} label="Add deal" busy={create.busy} form="new-deal-form" testId="new-deal-save" />}
    >
      <form id="new-deal-form" className="dialog__body-form form-grid" onSubmit={submit}>
        {text("name", FIELD_LABELS.name)}
        {choice("status", STATUSES)}
        {choice("transactionType", TYPES)}
        {ADDRESS.map(([part, label]) => text(`address.${part}`, label))}
        {MONEY_AND_DATES.map((key) => text(key, FIELD_LABELS[key], key === "closingDate" ? "date" : "text"))}
      </form>
      {create.error ? <ErrorCallout error={create.error} testId="new-deal-error" /> : null}
    </Dialog>
  );
}
