import type { RosterAgent } from "../bindings/RosterAgent";
import { Field } from "../components/Field";
import { SavedViewBar } from "../components/SavedViewBar";
import { useSavedViews } from "../hooks/useSavedViews";
import { SORT_LABELS, SORTS, STATUS_GROUP_LABELS, STATUS_GROUPS, TYPES, codeLabel } from "./labels";
import { NO_FILTER, withDefaults, type TransactionFilter } from "./transactionFilter";

const VIEWS_KEY = "brokerdesk.transactionViews";

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
        <Field label="Status">
          <select className="select" value={filter.statusGroup} onChange={(e) => set({ statusGroup: e.target.value as TransactionFilter["statusGroup"] })} data-testid="tx-filter-status">
            <option value="">Any status</option>
            {STATUS_GROUPS.map((g) => (
              <option key={g} value={g}>
                {STATUS_GROUP_LABELS[g]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Type">
          <select className="select" value={filter.type} onChange={(e) => set({ type: e.target.value })} data-testid="tx-filter-type">
            <option value="">Any type</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {codeLabel(t)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Agent">
          <select className="select" value={filter.agent} onChange={(e) => set({ agent: e.target.value })} data-testid="tx-filter-agent">
            <option value="">Any agent</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Office">
          <select className="select" value={filter.office} onChange={(e) => set({ office: e.target.value })} data-testid="tx-filter-office">
            <option value="">Any office</option>
            {offices.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Closing from">
          <input className="input" type="date" value={filter.closingFrom} onChange={(e) => set({ closingFrom: e.target.value })} data-testid="tx-closing-from" />
        </Field>
        <Field label="Closing to">
          <input className="input" type="date" value={filter.closingTo} onChange={(e) => set({ closingTo: e.target.value })} data-testid="tx-closing-to" />
        </Field>
        <Field label="Sort">
          <select className="select" value={filter.sort} onChange={(e) => set({ sort: e.target.value as TransactionFilter["sort"] })} data-testid="tx-sort">
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <SavedViewBar filter={filter} noFilter={NO_FILTER} allLabel="All transactions" views={views} onChange={onChange} onSave={save} onRemove={remove} />
    </div>
  );
}
