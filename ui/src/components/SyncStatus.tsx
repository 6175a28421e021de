import { useState } from "react";
import { toErrorBody } from "../api/commands";
import { syncNow } from "../sync/api";
import type { SyncState } from "../bindings/SyncState";
import { formatLocalTime } from "../lib/formatTime";
import { Badge } from "./Badge";
import { RefreshIcon } from "./icons";
import { RejectedEditsDialog } from "./RejectedEditsDialog";
import "./SyncStatus.css";

function describe(state: SyncState): { label: string; tone: "online" | "offline" | "busy" } {
  if (!state.online && state.phase !== "idle") return { label: "Offline", tone: "offline" };
  switch (state.phase) {
    case "pushing":
      return { label: "Sending changes…", tone: "busy" };
    case "pulling": {
      const p = state.progress;
      const percent = p && p.expected > 0 ? ` ${Math.min(100, Math.round((p.done / p.expected) * 100))}%` : "";
      return { label: `Syncing${percent}`, tone: "busy" };
    }
    case "stopped":
      return { label: "Sync stopped", tone: "offline" };
    case "idle":
      return state.lastSyncedAt ? { label: "Synced", tone: "online" } : { label: "Connecting…", tone: "busy" };
    default:
      return { label: "Synced", tone: "online" };
  }
}

/**
 * The header's sync state: online or not, progress, last sync, pending and rejected
 * edits (which open the list of refusals with their reasons).
 */
export function SyncStatus({ state }: { state: SyncState }) {
  const { label, tone } = describe(state);
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [showingRejected, setShowingRejected] = useState(false);
  const now = async () => {
    setAsking(true);
    setFailure(null);
    try {
      await syncNow();
    } catch (e) {
      setFailure(toErrorBody(e).message);
    } finally {
      setAsking(false);
    }
  };
  const title = [
    state.lastSyncedAt ? `Last synced at ${formatLocalTime(state.lastSyncedAt)}` : "Not synced yet",
    state.error?.message,
    failure,
  ]
    .filter(Boolean)
    .join(". ");
  return (
    <div className="sync" data-testid="sync-status" data-state={tone} title={title}>
      <span className={`sync__dot sync__dot--${tone}`} aria-hidden="true" />
      <span className="sync__label">
        {label}
        {state.lastSyncedAt && tone !== "busy" ? (
          <span className="sync__when" data-testid="sync-last">
            {" "}
            · {formatLocalTime(state.lastSyncedAt)}
          </span>
        ) : null}
      </span>
      {state.pendingEdits > 0 ? (
        <Badge tone="warning" testId="sync-pending">
          {state.pendingEdits} pending
        </Badge>
      ) : null}
      {state.rejectedEdits > 0 ? (
        <button
          type="button"
          className="sync__rejected"
          onClick={() => setShowingRejected(true)}
          title="See what the server refused, and why"
          data-testid="sync-rejected-open"
        >
          <Badge tone="negative" testId="sync-rejected">
            {state.rejectedEdits} rejected
          </Badge>
        </button>
      ) : null}
      {showingRejected ? <RejectedEditsDialog onClose={() => setShowingRejected(false)} /> : null}
      <button
        type="button"
        className="button button--ghost button--small"
        onClick={() => void now()}
        disabled={asking}
        aria-label="Sync now"
        data-testid="sync-now"
      >
        <RefreshIcon className={tone === "busy" ? "button__icon button__icon--spinning" : "button__icon"} />
        Sync now
      </button>
    </div>
  );
}

/** Says plainly that what is on screen is the local copy, and since when. */
export function OfflineBanner({ state }: { state: SyncState }) {
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      <strong>You are offline.</strong> Showing the copy kept on this computer
      {state.lastSyncedAt ? `, last synced at ${formatLocalTime(state.lastSyncedAt)}` : ""}. Changes you make
      are kept here and sent when the server is back; inviting, new API keys and provider keys need it now.
    </div>
  );
}
