import { useState } from "react";
import { syncState } from "../sync/api";
import type { BulkEditResult } from "../bindings/BulkEditResult";
import type { LeadStage } from "../bindings/LeadStage";
import type { TransferProgress } from "../bindings/TransferProgress";
import type { UserSummary } from "../bindings/UserSummary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { usePolledCommand } from "../hooks/usePolledCommand";
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
  /** Ticks every lead the filters match, beyond the pages loaded so far. */
  onSelectMatching: () => void;
  selectingMatching: boolean;
  onClear: () => void;
}

/** How often the bar asks how many edits still wait to be sent, while it says so. */
const PENDING_POLL_MS = 1_000;

/**
 * How many edits still wait for the server. The engine sends the outbox in batches (at
 * most 500 edits a request), and the count drops as each batch is taken.
 */
function StillToSend() {
  const polled = usePolledCommand(syncState, PENDING_POLL_MS);
  const state = polled.outcome?.ok ? polled.outcome.value : null;
  if (!state) return null;
  const pending = state.pendingEdits;
  return (
    <span className="muted" data-testid="bulk-pending">
      {pending === 0 ? " · all sent to the server" : ` · ${pending.toLocaleString("en-US")} edit${pending === 1 ? "" : "s"} still to send${state.online ? "" : " (offline)"}`}
    </span>
  );
}

/**
 * Assign or move the ticked leads in one go. Each lead becomes its own outbox edit, so
 * this works offline, each is accepted or refused on its own, and every lead shows
 * "pending" until the server takes it.
 */
export function BulkBar({ selected, agents, canAssign, onSelectAll, onSelectMatching, selectingMatching, onClear }: BulkBarProps) {
  const [result, setResult] = useState<BulkEditResult | null>(null);
  const [progress, setProgress] = useState<TransferProgress | null>(null);
  const bulk = useCommandMutation(
    (changes: LeadChanges) => {
      setResult(null);
      setProgress(null);
      return bulkUpdateLeads([...selected], changes, setProgress);
    },
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
      <button type="button" className="button button--ghost button--small" onClick={onSelectMatching} disabled={selectingMatching} data-testid="select-matching">
        {selectingMatching ? "Selecting…" : "Select all matching"}
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
      {bulk.busy && progress ? (
        <progress className="transfer-progress" max={Math.max(progress.total, 1)} value={progress.done} aria-label="Bulk edit progress" data-testid="bulk-progress" />
      ) : null}
      {result ? (
        <span className="bulk-bar__result" role="status" data-testid="bulk-result">
          {result.queued.toLocaleString("en-US")} queued for sync
          {result.failed.length > 0 ? ` · ${result.failed.length} not changed: ${result.failed[0]?.message ?? ""}` : ""}
          <StillToSend />
        </span>
      ) : null}
      {bulk.error ? <ErrorCallout error={bulk.error} /> : null}
    </div>
  );
}
