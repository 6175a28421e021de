import { useState, type FormEvent } from "react";
import type { Lead } from "../bindings/Lead";
import type { LeadStage } from "../bindings/LeadStage";
import type { UserSummary } from "../bindings/UserSummary";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { updateLead, type LeadChanges } from "./api";
import { STAGE_LABELS, STAGES } from "./labels";
import { leadKeys } from "./useLeads";

interface Draft {
  name: string;
  emails: string;
  phones: string;
  stage: LeadStage;
  assignedAgent: string;
  budgetMin: string;
  budgetMax: string;
  tags: string;
  notes: string;
  timeZone: string;
}

const list = (text: string) =>
  text
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
const optional = (text: string) => (text.trim() === "" ? null : text.trim());

function draftOf(lead: Lead): Draft {
  return {
    name: lead.name,
    emails: lead.emails.join(", "),
    phones: lead.phones.join(", "),
    stage: lead.stage,
    assignedAgent: lead.assignedAgent ?? "",
    budgetMin: lead.budgetMin ?? "",
    budgetMax: lead.budgetMax ?? "",
    tags: lead.tags.join(", "),
    notes: lead.notes,
    timeZone: lead.timeZone ?? "",
  };
}

/** Only what the user changed goes into the edit, so it merges per field on the server. */
function changesOf(lead: Lead, draft: Draft): LeadChanges {
  const before = draftOf(lead);
  const changes: LeadChanges = {};
  if (draft.name !== before.name) changes.name = draft.name;
  if (draft.emails !== before.emails) changes.emails = list(draft.emails);
  if (draft.phones !== before.phones) changes.phones = list(draft.phones);
  if (draft.stage !== before.stage) changes.stage = draft.stage;
  if (draft.assignedAgent !== before.assignedAgent) changes.assignedAgent = optional(draft.assignedAgent);
  if (draft.budgetMin !== before.budgetMin) changes.budgetMin = optional(draft.budgetMin);
  if (draft.budgetMax !== before.budgetMax) changes.budgetMax = optional(draft.budgetMax);
  if (draft.tags !== before.tags) changes.tags = list(draft.tags);
  if (draft.notes !== before.notes) changes.notes = draft.notes;
  if (draft.timeZone !== before.timeZone) changes.timeZone = optional(draft.timeZone);
  return changes;
}

interface LeadEditFormProps {
  lead: Lead;
  agents: readonly UserSummary[];
  canEdit: boolean;
  canAssign: boolean;
}

/**
 * The lead's fields. Saving writes to the cache and queues the edit, so it works
 * offline; the detail then shows "pending" until the server accepts it. The form keeps
 * only the fields the user touched: a sync that lands while they type refreshes the
 * others and leaves their typing alone.
 */
export function LeadEditForm({ lead, agents, canEdit, canAssign }: LeadEditFormProps) {
  const [edits, setEdits] = useState<Partial<Draft>>({});
  const save = useCommandMutation((changes: LeadChanges) => updateLead(lead.id, changes), [leadKeys.all], () => setEdits({}));
  const draft: Draft = { ...draftOf(lead), ...edits };
  const changes = changesOf(lead, draft);
  const dirty = Object.keys(changes).length > 0;
  const set = (patch: Partial<Draft>) => setEdits((e) => ({ ...e, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dirty) save.run(changes);
  };
  const text = (key: keyof Draft, label: string, testId: string) => (
    <Field label={label}>
      <input className="input" value={draft[key]} disabled={!canEdit} onChange={(e) => set({ [key]: e.target.value })} data-testid={testId} />
    </Field>
  );

  return (
    <form className="lead-form" onSubmit={submit} aria-label="Lead details" data-testid="lead-form">
      <fieldset className="plain-fieldset form-grid" disabled={!canEdit}>
        {text("name", "Name", "lead-name")}
        <Field label="Stage">
          <select className="select" value={draft.stage} onChange={(e) => set({ stage: e.target.value as LeadStage })} data-testid="lead-stage">
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
        {text("emails", "Emails (comma-separated)", "lead-emails")}
        {text("phones", "Phones (comma-separated)", "lead-phones")}
        <Field label="Assigned agent">
          <select className="select" value={draft.assignedAgent} disabled={!canAssign} onChange={(e) => set({ assignedAgent: e.target.value })} data-testid="lead-agent">
            <option value="">Unassigned</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName}
              </option>
            ))}
          </select>
        </Field>
        {text("timeZone", "Time zone", "lead-time-zone")}
        {text("budgetMin", "Budget from", "lead-budget-min")}
        {text("budgetMax", "Budget to", "lead-budget-max")}
        {text("tags", "Tags (comma-separated)", "lead-tags")}
      </fieldset>
      <Field label="Notes">
        <textarea className="textarea" rows={4} value={draft.notes} disabled={!canEdit} onChange={(e) => set({ notes: e.target.value })} data-testid="lead-notes" />
      </Field>
      {save.error ? <ErrorCallout error={save.error} testId="lead-save-error" /> : null}
      {canEdit ? (
        <div className="form-actions">
          <button type="button" className="button button--ghost" disabled={!dirty || save.busy} onClick={() => setEdits({})}>
            Discard
          </button>
          <button type="submit" className="button button--primary" disabled={!dirty || save.busy} data-testid="lead-save">
            {save.busy ? "Saving…" : "Save"}
          </button>
        </div>
      ) : (
        <p className="muted" data-testid="lead-read-only">
          Your role can read this lead but not change it.
        </p>
      )}
    </form>
  );
}
