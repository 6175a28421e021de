import { useState } from "react";
import { DATE_FIELDS, type DateField, type DayRange, type LeadFilter } from "./leadFilter";

const DATE_LABELS: Record<DateField, string> = {
  created: "Created",
  updated: "Updated",
  activity: "Last activity",
};

interface DateFiltersProps {
  dates: LeadFilter["dates"];
  onChange: (dates: LeadFilter["dates"]) => void;
}

/**
 * Day ranges on when leads were created, last updated and last heard from (a chat or a
 * call). Both ends are whole days on this computer's calendar and are included.
 */
export function DateFilters({ dates, onChange }: DateFiltersProps) {
  const inUse = DATE_FIELDS.filter((f) => dates[f].from !== "" || dates[f].to !== "").length;
  // Open at first when dates are in use; after that, the user opens and closes it.
  const [openAtFirst] = useState(inUse > 0);
  const set = (field: DateField, patch: Partial<DayRange>) => onChange({ ...dates, [field]: { ...dates[field], ...patch } });
  return (
    <details className="date-filters" open={openAtFirst} data-testid="date-filters">
      <summary className="date-filters__summary">Dates{inUse > 0 ? ` (${inUse})` : ""}</summary>
      <div className="date-filters__ranges">
        {DATE_FIELDS.map((field) => (
          <fieldset key={field} className="date-range">
            <legend className="field__label">{DATE_LABELS[field]}</legend>
            <input
              className="input input--small"
              type="date"
              aria-label={`${DATE_LABELS[field]} from`}
              value={dates[field].from}
              max={dates[field].to || undefined}
              onChange={(e) => set(field, { from: e.target.value })}
              data-testid={`filter-${field}-from`}
            />
            <span aria-hidden="true">–</span>
            <input
              className="input input--small"
              type="date"
              aria-label={`${DATE_LABELS[field]} to`}
              value={dates[field].to}
              min={dates[field].from || undefined}
              onChange={(e) => set(field, { to: e.target.value })}
              data-testid={`filter-${field}-to`}
            />
          </fieldset>
        ))}
      </div>
    </details>
  );
}
