import { useState, type FormEvent } from "react";
import type { PlanVersion } from "../bindings/PlanVersion";
import { ErrorCallout } from "../components/ErrorCallout";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { RosterAgent } from "../bindings/RosterAgent";
import { type FeeForm, type PlanForm, formOf, versionOf } from "./planForm";
import { TeamSplitFields } from "./TeamSplitFields";

function FeeFields({ label, fee, onChange, testId }: { label: string; fee: FeeForm; onChange: (fee: FeeForm) => void; testId: string }) {
  return (
    <fieldset className="plain-fieldset plan-editor__fee">
      <legend className="field__label">{label}</legend>
      <select className="select" value={fee.kind} onChange={(e) => onChange({ ...fee, kind: e.target.value as FeeForm["kind"] })} aria-label={`${label} kind`}>
        <option value="flat">Flat $</option>
        <option value="percent">% of agent gross</option>
      </select>
      <input className="input" placeholder="None" value={fee.value} onChange={(e) => onChange({ ...fee, value: e.target.value })} aria-label={`${label} amount`} data-testid={`${testId}-value`} />
      <input className="input" placeholder="No annual cap" value={fee.cap} onChange={(e) => onChange({ ...fee, cap: e.target.value })} aria-label={`${label} annual cap`} />
    </fieldset>
  );
}

/**
 * One plan version's terms: the split (agent %, flat fee, or tiers), the cap and its
 * year, pre-split franchise fee, the post-split fees and the team split (its agents chosen
 * from `roster`). Core checks the rest on save.
 */
export function PlanVersionEditor({
  version,
  roster,
  busy,
  error,
  onSave,
  onCancel,
}: {
  version: PlanVersion;
  roster: RosterAgent[];
  busy: boolean;
  error: ErrorBody | null;
  onSave: (v: PlanVersion) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<PlanForm>(() => formOf(version));
  const [invalid, setInvalid] = useState<string | null>(null);
  const set = (changes: Partial<PlanForm>) => setForm((f) => ({ ...f, ...changes }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = versionOf(form);
    if ("error" in built) return setInvalid(built.error);
    setInvalid(null);
    onSave(built.version);
  };
  return (
    <form className="plan-editor" onSubmit={submit} data-testid="plan-editor">
      <div className="plan-editor__row">
        <label className="field">
          <span className="field__label">Effective from</span>
          <input className="input" type="date" value={form.effectiveFrom} onChange={(e) => set({ effectiveFrom: e.target.value })} data-testid="plan-effective" />
        </label>
        <label className="field">
          <span className="field__label">Split</span>
          <select className="select" value={form.splitKind} onChange={(e) => set({ splitKind: e.target.value as PlanForm["splitKind"] })} data-testid="plan-split-kind">
            <option value="agentPercent">Agent keeps a %</option>
            <option value="flatFeeToCompany">Flat fee to the company</option>
            <option value="tiered">Sliding scale (tiers)</option>
          </select>
        </label>
        {form.splitKind === "agentPercent" ? (
          <label className="field">
            <span className="field__label">Agent %</span>
            <input className="input" value={form.agentPercent} onChange={(e) => set({ agentPercent: e.target.value })} data-testid="plan-agent-percent" />
          </label>
        ) : null}
        {form.splitKind === "flatFeeToCompany" ? (
          <label className="field">
            <span className="field__label">Flat fee per deal</span>
            <input className="input" value={form.flatFee} onChange={(e) => set({ flatFee: e.target.value })} />
          </label>
        ) : null}
      </div>
      {form.splitKind === "tiered" ? (
        <div className="plan-editor__tiers">
          <label className="field">
            <span className="field__label">Tiers count</span>
            <select className="select" value={form.tierBasis} onChange={(e) => set({ tierBasis: e.target.value as PlanForm["tierBasis"] })}>
              <option value="gci">GCI</option>
              <option value="companyDollar">Company dollar</option>
              <option value="closedSides">Closed sides</option>
            </select>
          </label>
          {form.tiers.map((tier, i) => (
            <div className="plan-editor__row" key={i}>
              <input className="input" value={tier.from} aria-label={`Tier ${i + 1} from`} onChange={(e) => set({ tiers: form.tiers.map((t, j) => (j === i ? { ...t, from: e.target.value } : t)) })} />
              <input className="input" value={tier.agentPercent} aria-label={`Tier ${i + 1} agent %`} onChange={(e) => set({ tiers: form.tiers.map((t, j) => (j === i ? { ...t, agentPercent: e.target.value } : t)) })} />
              <button type="button" className="button button--ghost button--small" onClick={() => set({ tiers: form.tiers.filter((_, j) => j !== i) })} disabled={form.tiers.length === 1}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="button button--secondary button--small" onClick={() => set({ tiers: [...form.tiers, { from: "", agentPercent: "" }] })}>
            Add tier
          </button>
        </div>
      ) : null}
      <div className="plan-editor__row">
        <label className="field">
          <span className="field__label">Cap on company dollar</span>
          <input className="input" placeholder="No cap" value={form.cap} onChange={(e) => set({ cap: e.target.value })} data-testid="plan-cap" />
        </label>
        <label className="field">
          <span className="field__label">Cap year starts</span>
          <select className="select" value={form.capYear} onChange={(e) => set({ capYear: e.target.value as PlanForm["capYear"] })}>
            <option value="anniversary">On the agent's anniversary</option>
            <option value="calendarYear">On 1 January</option>
            <option value="custom">On a custom day</option>
          </select>
        </label>
        {form.capYear === "custom" ? (
          <>
            <input className="input plan-editor__narrow" value={form.capMonth} aria-label="Month" onChange={(e) => set({ capMonth: e.target.value })} />
            <input className="input plan-editor__narrow" value={form.capDay} aria-label="Day" onChange={(e) => set({ capDay: e.target.value })} />
          </>
        ) : null}
      </div>
      <div className="plan-editor__row">
        <label className="field">
          <span className="field__label">Franchise / royalty %</span>
          <input className="input" placeholder="None" value={form.franchisePercent} onChange={(e) => set({ franchisePercent: e.target.value })} />
        </label>
        <label className="field">
          <span className="field__label">Franchise annual cap</span>
          <input className="input" placeholder="No cap" value={form.franchiseCap} onChange={(e) => set({ franchiseCap: e.target.value })} />
        </label>
      </div>
      <div className="plan-editor__row">
        <FeeFields label="Transaction fee" fee={form.transactionFee} onChange={(transactionFee) => set({ transactionFee })} testId="plan-transaction-fee" />
        <FeeFields label="E&O" fee={form.errorsAndOmissions} onChange={(errorsAndOmissions) => set({ errorsAndOmissions })} testId="plan-eo" />
      </div>
      <TeamSplitFields team={form.team} roster={roster} onChange={(team) => set({ team })} />
      {invalid ? <ErrorCallout error={{ code: "invalid_plan", message: invalid }} testId="plan-invalid" /> : null}
      {error ? <ErrorCallout error={error} testId="plan-error" /> : null}
      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="plan-save">
          {busy ? "Saving…" : "Save version"}
        </button>
      </div>
    </form>
  );
}
