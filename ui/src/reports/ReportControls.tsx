import type { DateBasis } from "../bindings/DateBasis";
import type { GroupBy } from "../bindings/GroupBy";
import { PERIOD_LABELS, type PeriodChoice } from "./period";

export interface ReportSettings {
  choice: PeriodChoice;
  custom: { from: string; to: string };
  groupBy: GroupBy;
  basis: DateBasis;
  compare: boolean;
}

const GROUPS: Record<GroupBy, string> = { agent: "Agent", team: "Team", office: "Office", month: "Month", year: "Year" };

/** The period, grouping, closed or written, and year over year. */
export function ReportControls({ settings, onChange, seesEveryone }: { settings: ReportSettings; onChange: (s: ReportSettings) => void; seesEveryone: boolean }) {
  const set = (changes: Partial<ReportSettings>) => onChange({ ...settings, ...changes });
  return (
    <div className="report-controls" data-testid="report-controls">
      <label className="field">
        <span className="field__label">Period</span>
        <select className="select" value={settings.choice} onChange={(e) => set({ choice: e.target.value as PeriodChoice })} data-testid="report-period">
          {Object.entries(PERIOD_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {settings.choice === "custom" ? (
        <>
          <label className="field">
            <span className="field__label">From</span>
            <input className="input" type="date" value={settings.custom.from} onChange={(e) => set({ custom: { ...settings.custom, from: e.target.value } })} data-testid="report-from" />
          </label>
          <label className="field">
            <span className="field__label">To</span>
            <input className="input" type="date" value={settings.custom.to} onChange={(e) => set({ custom: { ...settings.custom, to: e.target.value } })} data-testid="report-to" />
          </label>
        </>
      ) : null}
      <label className="field">
        <span className="field__label">Group by</span>
        <select className="select" value={settings.groupBy} onChange={(e) => set({ groupBy: e.target.value as GroupBy })} data-testid="report-group">
          {Object.entries(GROUPS)
            .filter(([value]) => seesEveryone || (value !== "team" && value !== "office"))
            .map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Deals</span>
        <select className="select" value={settings.basis} onChange={(e) => set({ basis: e.target.value as DateBasis })} data-testid="report-basis">
          <option value="closed">Closed (by closing date)</option>
          <option value="written">Written (by contract date, pending included)</option>
        </select>
      </label>
      <label className="checkbox report-controls__compare">
        <input type="checkbox" checked={settings.compare} onChange={(e) => set({ compare: e.target.checked })} data-testid="report-compare" />
        Compare to the previous year
      </label>
    </div>
  );
}
