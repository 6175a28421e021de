import { useState, type FormEvent } from "react";
import type { PropertyAddress } from "../bindings/PropertyAddress";
import type { Transaction } from "../bindings/Transaction";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { editTransaction, transactionKeys, type TransactionChanges } from "./api";
import { CodeSelect } from "./CodeSelect";
import { FIELD_LABELS, STATUSES, TYPES } from "./labels";

/** The fields the form edits that hold one value each (text, money, percent or a date). */
type ScalarField = Exclude<keyof TransactionChanges, "address" | "tags" | "participants" | "customFields">;
type AddressPart = keyof PropertyAddress;

const SCALARS: readonly { field: ScalarField; kind: "text" | "number" | "date" | "status" | "type" }[] = [
  { field: "name", kind: "text" },
  { field: "status", kind: "status" },
  { field: "transactionType", kind: "type" },
  { field: "complianceStatus", kind: "text" },
  { field: "mlsNumber", kind: "text" },
  { field: "parcelId", kind: "text" },
  { field: "salePrice", kind: "number" },
  { field: "originalPrice", kind: "number" },
  { field: "currentPrice", kind: "number" },
  { field: "commissionRate", kind: "number" },
  { field: "commissionTotal", kind: "number" },
  { field: "buySideSplitPercent", kind: "number" },
  { field: "sellSideSplitPercent", kind: "number" },
  { field: "buySideSplitAmount", kind: "number" },
  { field: "sellSideSplitAmount", kind: "number" },
  { field: "referralPercent", kind: "number" },
  { field: "referralSource", kind: "text" },
  { field: "earnestMoney", kind: "number" },
  { field: "contractDate", kind: "date" },
  { field: "offerDate", kind: "date" },
  { field: "listingDate", kind: "date" },
  { field: "expirationDate", kind: "date" },
  { field: "closingDate", kind: "date" },
  { field: "paidDate", kind: "date" },
];

const ADDRESS_PARTS: readonly [AddressPart, string][] = [
  ["streetNumber", "Street number"],
  ["streetName", "Street name"],
  ["unitNumber", "Unit"],
  ["city", "City"],
  ["state", "State"],
  ["postalCode", "ZIP / postal code"],
  ["county", "County"],
  ["country", "Country"],
];

type Draft = Record<string, string>;

function draftOf(deal: Transaction): Draft {
  const draft: Draft = { tags: deal.tags.join(", ") };
  for (const { field } of SCALARS) draft[field] = deal[field] ?? "";
  for (const [part] of ADDRESS_PARTS) draft[`address.${part}`] = deal.address[part] ?? "";
  return draft;
}

const optional = (text: string) => (text.trim() === "" ? null : text.trim());

/** Only what the user changed goes into the edit, so it merges per field on the server. */
export function changesOf(deal: Transaction, draft: Draft): TransactionChanges {
  const before = draftOf(deal);
  const changes: Record<string, unknown> = {};
  for (const { field } of SCALARS) {
    if (draft[field] !== before[field]) changes[field] = field === "name" ? draft[field] : optional(draft[field] ?? "");
  }
  if (ADDRESS_PARTS.some(([part]) => draft[`address.${part}`] !== before[`address.${part}`])) {
    changes.address = Object.fromEntries(ADDRESS_PARTS.map(([part]) => [part, optional(draft[`address.${part}`] ?? "")]));
  }
  if (draft.tags !== before.tags) {
    changes.tags = (draft.tags ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== "");
  }
  return changes as TransactionChanges;
}

/**
 * The deal's fields. Saving writes to the cache and queues the edit (core checks each
 * changed field first), so it works offline; the deal then shows "pending" until the
 * server takes it. Only touched fields are kept: a sync landing while the user types
 * refreshes the others.
 */
export function TransactionEditForm({ deal, canEdit }: { deal: Transaction; canEdit: boolean }) {
  const [edits, setEdits] = useState<Draft>({});
  const save = useCommandMutation((changes: TransactionChanges) => editTransaction(deal.id, changes), [transactionKeys.all], () => setEdits({}));
  const draft: Draft = { ...draftOf(deal), ...edits };
  const changes = changesOf(deal, draft);
  const dirty = Object.keys(changes).length > 0;
  const set = (key: string, value: string) => setEdits((e) => ({ ...e, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dirty) save.run(changes);
  };
  const input = (key: string, label: string, kind: (typeof SCALARS)[number]["kind"]) => {
    const value = draft[key] ?? "";
    const testId = `tx-edit-${key.replace(".", "-")}`;
    if (kind === "status" || kind === "type") {
      const codes = kind === "status" ? STATUSES : TYPES;
      return <CodeSelect key={key} label={label} value={value} codes={codes} onChange={(code) => set(key, code)} testId={testId} />;
    }
    return (
      <Field key={key} label={label}>
        <input
          className="input"
          type={kind === "date" ? "date" : "text"}
          inputMode={kind === "number" ? "decimal" : undefined}
          value={value}
          onChange={(e) => set(key, e.target.value)}
          data-testid={testId}
        />
      </Field>
    );
  };

  return (
    <form className="tx-form" onSubmit={submit} aria-label="Transaction fields" data-testid="tx-form">
      <fieldset className="plain-fieldset form-grid" disabled={!canEdit}>
        {SCALARS.map(({ field, kind }) => input(field, FIELD_LABELS[field], kind))}
        {ADDRESS_PARTS.map(([part, label]) => input(`address.${part}`, label, "text"))}
        {input("tags", "Tags (comma-separated)", "text")}
      </fieldset>
      {save.error ? <ErrorCallout error={save.error} testId="tx-save-error" /> : null}
      {canEdit ? (
        <div className="form-actions">
          <button type="button" className="button button--ghost" disabled={!dirty || save.busy} onClick={() => setEdits({})}>
            Discard
          </button>
          <button type="submit" className="button button--primary" disabled={!dirty || save.busy} data-testid="tx-save">
            {save.busy ? "Saving…" : "Save"}
          </button>
        </div>
      ) : (
        <p className="muted" data-testid="tx-read-only">
          Your role can read this transaction but not change it.
        </p>
      )}
    </form>
  );
}
