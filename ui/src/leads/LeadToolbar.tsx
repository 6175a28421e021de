import type { UserSummary } from "../bindings/UserSummary";
import { Field } from "../components/Field";
import { SavedViewBar } from "../components/SavedViewBar";
import { SORT_LABELS, SORTS, SOURCE_LABELS, SOURCES, STAGE_LABELS, STAGES } from "./labels";
import { DateFilters } from "./DateFilters";
import { NO_FILTER, type LeadFilter } from "./leadFilter";
import { useSavedViews } from "./savedViews";

interface LeadToolbarProps {
  filter: LeadFilter;
  onChange: (filter: LeadFilter) => void;
  agents: readonly UserSummary[];
}

/** Search, filters (dates too), sort and the saved views that remember a combination of them. */
export function LeadToolbar({ filter, onChange, agents }: LeadToolbarProps) {
  const set = (patch: Partial<LeadFilter>) => onChange({ ...filter, ...patch });
  const { views, save, remove } = useSavedViews();

  return (
    <div className="lead-toolbar">
      <div className="toolbar" role="search" aria-label="Filter leads">
        <Field label="Search" className="lead-toolbar__search">
          <input
            className="input"
            type="search"
            value={filter.q}
            onChange={(e) => set({ q: e.target.value })}
            placeholder="Name, email, phone, tag or note"
            data-testid="lead-search"
          />
        </Field>
        <Field label="Stage">
          <select className="select" value={filter.stage} onChange={(e) => set({ stage: e.target.value as LeadFilter["stage"] })} data-testid="filter-stage">
            <option value="">Any stage</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Agent">
          <select className="select" value={filter.agent} onChange={(e) => set({ agent: e.target.value })} data-testid="filter-agent">
            <option value="">Any agent</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Source">
          <select className="select" value={filter.source} onChange={(e) => set({ source: e.target.value as LeadFilter["source"] })} data-testid="filter-source">
            <option value="">Any source</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tag">
          <input className="input lead-toolbar__tag" value={filter.tag} onChange={(e) => set({ tag: e.target.value })} placeholder="Any" data-testid="filter-tag" />
        </Field>
        <DateFilters dates={filter.dates} onChange={(dates) => set({ dates })} />
        <Field label="Sort">
          <select className="select" value={filter.sort} onChange={(e) => set({ sort: e.target.value as LeadFilter["sort"] })} data-testid="lead-sort">
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <SavedViewBar filter={filter} noFilter={NO_FILTER} allLabel="All leads" views={views} onChange={onChange} onSave={save} onRemove={remove} />
    </div>
  );
}
