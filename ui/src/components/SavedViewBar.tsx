import { useState } from "react";
import type { SavedView } from "../hooks/useSavedViews";
import "./SavedViewBar.css";

interface SavedViewBarProps<F> {
  filter: F;
  /** The filter that narrows nothing, which the first chip brings back. */
  noFilter: F;
  /** The first chip's label, e.g. "All leads". */
  allLabel: string;
  views: readonly SavedView<F>[];
  onChange: (filter: F) => void;
  onSave: (name: string, filter: F) => void;
  onRemove: (name: string) => void;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The saved views of a table as chips, and a field to name and save the filter in use. */
export function SavedViewBar<F>({ filter, noFilter, allLabel, views, onChange, onSave, onRemove }: SavedViewBarProps<F>) {
  const [viewName, setViewName] = useState("");
  const current = views.find((v) => same(v.filter, filter));
  return (
    <div className="saved-views" aria-label="Saved views">
      <span className="muted">Views:</span>
      <button type="button" className={`chip${current || !same(filter, noFilter) ? "" : " chip--on"}`} onClick={() => onChange(noFilter)}>
        {allLabel}
      </button>
      {views.map((v) => (
        <span key={v.name} className={`chip${current?.name === v.name ? " chip--on" : ""}`}>
          <button type="button" className="chip__label" onClick={() => onChange(v.filter)} data-testid="saved-view">
            {v.name}
          </button>
          <button type="button" className="chip__remove" aria-label={`Delete view ${v.name}`} onClick={() => onRemove(v.name)}>
            ×
          </button>
        </span>
      ))}
      <form
        className="saved-views__save"
        onSubmit={(e) => {
          e.preventDefault();
          if (viewName.trim() === "") return;
          onSave(viewName.trim(), filter);
          setViewName("");
        }}
      >
        <input className="input input--small" value={viewName} onChange={(e) => setViewName(e.target.value)} placeholder="Name this view" aria-label="View name" data-testid="view-name" />
        <button type="submit" className="button button--secondary button--small" disabled={viewName.trim() === ""} data-testid="save-view">
          Save view
        </button>
      </form>
    </div>
  );
}
