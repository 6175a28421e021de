import { useState } from "react";
import type { KbItem } from "../bindings/KbItem";
import type { KbItemState } from "../bindings/KbItemState";
import { Badge } from "../components/Badge";
import { Field } from "../components/Field";
import { formatDateTime } from "../lib/formatDate";
import { displayTitle } from "./draft";
import { KIND_LABELS, STATE_LABELS, STATE_TONES } from "./labels";

type StateFilter = KbItemState | "all";

const FILTERS: readonly [StateFilter, string][] = [
  ["draft", "Draft"],
  ["published", "Published"],
  ["changed", "Changed since publish"],
  ["all", "All"],
];

/** Every item, by where it stands between editing and the chatbot, searchable by title. */
export function ItemList({ items, selectedId, onSelect }: { items: KbItem[]; selectedId: string | null; onSelect: (item: KbItem) => void }) {
  const [filter, setFilter] = useState<StateFilter>("all");
  const [search, setSearch] = useState("");
  const needle = search.trim().toLocaleLowerCase();
  const shown = items
    .filter((item) => filter === "all" || item.state === filter)
    .filter((item) => needle === "" || displayTitle(item.draft).toLocaleLowerCase().includes(needle))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

  return (
    <section className="kb-list" aria-label="Items">
      <div className="tabs" role="tablist" aria-label="Items by state">
        {FILTERS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={filter === id}
            className={filter === id ? "tab tab--on" : "tab"}
            onClick={() => setFilter(id)}
            data-testid={`kb-filter-${id}`}
          >
            {label}
            <span className="tab__count">{id === "all" ? items.length : items.filter((i) => i.state === id).length}</span>
          </button>
        ))}
      </div>
      <Field label="Search titles">
        <input className="input" type="search" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="kb-search" />
      </Field>
      {shown.length === 0 ? (
        <p className="muted" data-testid="kb-list-empty">
          {items.length === 0 ? "The knowledge base is empty. Write a document or a Q&A, upload a file or import a web page." : "No item matches."}
        </p>
      ) : (
        <table className="kb-table kb-list__table" data-testid="kb-items">
          <thead>
            <tr>
              <th>Title</th>
              <th>Kind</th>
              <th>Tags / collection</th>
              <th>State</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => (
              <tr key={item.id} className={item.id === selectedId ? "kb-list__row kb-list__row--on" : "kb-list__row"} data-testid="kb-item-row">
                <td>
                  <button type="button" className="link-button" aria-current={item.id === selectedId ? "true" : undefined} onClick={() => onSelect(item)}>
                    {displayTitle(item.draft)}
                  </button>
                </td>
                <td>{KIND_LABELS[item.draft.content.kind]}</td>
                <td className="muted">{[...item.draft.tags, ...(item.draft.collection ? [`in ${item.draft.collection}`] : [])].join(", ")}</td>
                <td>
                  <Badge tone={STATE_TONES[item.state]}>{STATE_LABELS[item.state]}</Badge>
                </td>
                <td className="muted">{formatDateTime(item.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
