import { useState } from "react";
import type { BulkEditResult } from "../bindings/BulkEditResult";
import type { LeadStage } from "../bindings/LeadStage";
import type { UserSummary } from "../bindings/UserSummary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { ErrorCallout } from "../components/ErrorCallout";
import { bulkUpdateLeads, type LeadChanges } from "./api";
import { STAGE_LABELS, STAGES } from "./labels";
import { leadKeys } from "./useLeads";

interface BulkBarProps {
  selected: readonly string[];
  agents: readonly UserSummary[];
  /** Assigning to someone else needs the right to write every lead. */
  canAssign: boolean;
  onSelectAll: () => void;
  onClear: () => void;
}

/**
 * Assign or move the ticked leads in one go. Each lead becomes its own outbox edit, so
 * this works offline and every lead shows "pending" until the server takes it.
 */
export function BulkBar({ selected, agents, canAssign, onSelectAll, onClear }: BulkBarProps) {
  const [result, setResult] = useState<BulkEditResult | null>(null);
  const bulk = useCommandMutation(
    (changes: LeadChanges) => bulkUpdateLeads([...selected], changes),
    [leadKeys.all],
    setResult,
  );
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions" data-testid="bulk-bar">
      <span className="bulk-bar__count" data-testid="bulk-count">
        {selected.length.toLocaleString("en-US")} selected
      </span>
      <button type="button" className="button button--ghost button--small" onClick={onSelectAll}>
        Select all loaded
      </button>
      <button type="button" className="button button--ghost button--small" onClick={onClear} disabled={selected.length === 0}>
        Clear
      </button>
      {canAssign ? (
        <select
          className="select"
          aria-label="Assign to"
          value=""
          disabled={selected.length === 0 || bulk.busy}
          onChange={(e) => bulk.run({ assignedAgent: e.target.value === "none" ? null : e.target.value })}
          data-testid="bulk-assign"
        >
          <option value="">Assign to…</option>
          <option value="none">Nobody (unassign)</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.displayName}
            </option>
          ))}
        </select>
      ) : null}
      <select
        className="select"
        aria-label="Move to stage"
        value=""
        disabled={selected.length === 0 || bulk.busy}
        onChange={(e) => bulk.run({ stage: e.target.value as LeadStage })}
        data-testid="bulk-stage"
      >
        <option value="">Move to stage…</option>
        {STAGES.map((s) => (
          <option key={s} value={s}>
            {STAGE_LABELS[s]}
          </option>
        ))}
      </select>
      {result ? (
        <span className="bulk-bar__result" role="status" data-testid="bulk-result">
          {result.queued} queued for sync
          {result.failed.length > 0 ? ` · ${result.failed.length} not changed: ${result.failed[0]?.message ?? ""}` : ""}
        </span>
      ) : null}
      {bulk.error ? <ErrorCallout error={bulk.error} /> : null}
    </div>
  );
}
