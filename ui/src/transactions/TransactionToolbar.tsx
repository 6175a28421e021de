import type { RosterAgent } from "../bindings/RosterAgent";
import { Field } from "../components/Field";
import { SavedViewBar } from "../components/SavedViewBar";
import { useSavedViews } from "../hooks/useSavedViews";
import { SORT_LABELS, SORTS, STATUS_GROUP_LABELS, STATUS_GROUPS, TYPES, codeLabel } from "./labels";
import { NO_FILTER, withDefaults, type TransactionFilter } from "./transactionFilter";

const VIEWS_KEY = "brokerdesk.transactionViews";

interface FilterSelectProps {
  label: string;
  value: string;
  /** The "no filter" choice's words; none for a choice that always has a value (the sort). */
  any?: string;
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
  testId: string;
}

function FilterSelect({ label, value, any, options, onChange, testId }: FilterSelectProps) {
  return (
    <Field label={label}>
      <select className="select" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {any !== undefined ? <option value="">{any}</option> : null}
        {options.map(([key, words]) => (
          <option key={key} value={key}>
            {words}
          </option>
        ))}
      </select>
    </Field>
  );
}

interface TransactionToolbarProps {
  filter: TransactionFilter;
  onChange: (filter: TransactionFilter) => void;
  agents: readonly RosterAgent[];
  offices: readonly string[];
}

/** Search, filters, sort, and the saved views that remember a combination of them. */
export function TransactionToolbar({ filter, onChange, agents, offices }: TransactionToolbarProps) {
  const set = (patch: Partial<TransactionFilter>) => onChange({ ...filter, ...patch });
  const { views, save, remove } = useSavedViews(VIEWS_KEY, withDefaults);
  return (
    <div className="tx-toolbar">
      <div className="toolbar" role="search" aria-label="Filter transactions">
        <Field label="Search" className="tx-toolbar__search">
          <input className="input" type="search" value={filter.q} onChange={(e) => set({ q: e.target.value })} placeholder="Name, address or MLS number" data-testid="tx-search" />
        </Field>
        <FilterSelect label="Status" value={filter.statusGroup} any="Any status" options={STATUS_GROUPS.map((g) => [g, STATUS_GROUP_LABELS[g]])} onChange={(v) => set({ statusGroup: v as TransactionFilter["statusGroup"] })} testId="tx-filter-status" />
        <FilterSelect label="Type" value={filter.type} any="Any type" options={TYPES.map((t) => [t, codeLabel(t)])} onChange={(type) => set({ type })} testId="tx-filter-type" />
        <FilterSelect label="Agent" value={filter.agent} any="Any agent" options={agents.map((a) => [a.id, a.name])} onChange={(agent) => set({ agent })} testId="tx-filter-agent" />
        <FilterSelect label="Office" value={filter.office} any="Any office" options={offices.map((o) => [o, o])} onChange={(office) => set({ office })} testId="tx-filter-office" />
        <Field label="Closing from">
          <input className="input" type="date" value={filter.closingFrom} onChange={(e) => set({ closingFrom: e.target.value })} data-testid="tx-closing-from" />
        </Field>
        <Field label="Closing to">
          <input className="input" type="date" value={filter.closingTo} onChange={(e) => set({ closingTo: e.target.value })} data-testid="tx-closing-to" />
        </Field>
        <FilterSelect label="Sort" value={filter.sort} options={SORTS.map((o) => [o, SORT_LABELS[o]])} onChange={(v) => set({ sort: v as TransactionFilter["sort"] })} testId="tx-sort" />
      </div>
      <SavedViewBar filter={filter} noFilter={NO_FILTER} allLabel="All transactions" views={views} onChange={onChange} onSave={save} onRemove={remove} />
    </div>
  );
}
