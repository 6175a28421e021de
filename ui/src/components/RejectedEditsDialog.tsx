import { useQuery } from "@tanstack/react-query";
import { dismissRejectedEdit, rejectedEdits } from "../edits/api";
import type { RejectedEdit } from "../bindings/RejectedEdit";
import type { SyncEntity } from "../bindings/SyncEntity";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { queryKeys } from "../lib/queryKeys";
import { Dialog } from "./Dialog";
import { ErrorCallout } from "./ErrorCallout";
import { QueryBoundary } from "./QueryBoundary";
import "./RejectedEditsDialog.css";

const ENTITY_LABELS: Record<SyncEntity, string> = {
  lead: "Lead",
  user: "User",
  invitation: "Invitation",
  api_key: "API key",
  settings: "Settings",
  audit_entry: "Audit entry",
  conflict: "Conflict",
  tenant: "Brokerage",
  consent: "Consent entry",
  conversation: "Conversation",
  call: "Call",
  dnc_entry: "Do-not-call number",
  roster_agent: "Roster agent",
  transaction: "Transaction",
  commission_plan: "Commission plan",
  commission_assignment: "Plan assignment",
  commission_override: "Split override",
  kb_item: "Knowledge-base item",
  kb_version: "Knowledge-base version",
  kb_chunk: "Knowledge-base chunk",
  privacy_request: "Privacy request",
};

const OP_LABELS: Record<string, string> = {
  create: "Create",
  update: "Change",
  delete: "Delete",
};

/** Values shown in a summary line are cut here; the whole edit is rarely needed. */
const MAX_VALUE_CHARS = 60;

function describeValue(value: unknown): string {
  const text = value === null ? "empty" : typeof value === "string" ? `“${value}”` : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** What the edit tried, field by field, e.g. `stage → “qualified”`. */
export function describeChanges(edit: RejectedEdit): string[] {
  if (edit.op === "delete") return [];
  return Object.entries(edit.changes).map(([field, value]) => `${field} → ${describeValue(value)}`);
}

/** The record's name when the edit carries one, so "Lead “Rosa Diaz”" reads better than an id. */
function title(edit: RejectedEdit): string {
  const name = edit.changes["name"] ?? edit.changes["email"];
  const what = `${OP_LABELS[edit.op] ?? edit.op} ${ENTITY_LABELS[edit.entity].toLowerCase()}`;
  return typeof name === "string" ? `${what} “${name}”` : what;
}

/**
 * The edits the server refused, each undone here already: what it tried, the server's
 * reason, and a dismiss action once the person has read it.
 */
export function RejectedEditsDialog({ onClose }: { onClose: () => void }) {
  const edits = useQuery({ queryKey: queryKeys.rejectedEdits, queryFn: () => rejectedEdits() });
  const dismiss = useCommandMutation(dismissRejectedEdit, [queryKeys.rejectedEdits]);
  return (
    <Dialog
      title="Edits the server refused"
      description="These changes were made on this computer, but the server would not accept them, so they have been undone here. Dismiss each one once you have read why."
      onClose={onClose}
      testId="rejected-dialog"
      footer={
        <button type="button" className="button button--secondary" onClick={onClose} data-testid="rejected-close">
          Close
        </button>
      }
    >
      {dismiss.error ? <ErrorCallout error={dismiss.error} /> : null}
      <QueryBoundary query={edits} testId="rejected-list">
        {(list) =>
          list.length === 0 ? (
            <p className="muted" data-testid="rejected-empty">
              Nothing is waiting for your attention.
            </p>
          ) : (
            <ul className="rejected-list" data-testid="rejected-list">
              {list.map((edit) => (
                <li key={edit.mutationId} className="rejected-edit" data-testid={`rejected-${edit.mutationId}`}>
                  <div className="rejected-edit__head">
                    <strong>{title(edit)}</strong>
                    <span className="muted">{formatDateTime(edit.createdAt)}</span>
                  </div>
                  {describeChanges(edit).map((line) => (
                    <span key={line} className="rejected-edit__change mono">
                      {line}
                    </span>
                  ))}
                  <p className="rejected-edit__reason" data-testid="rejected-reason">
                    {edit.message || "The server gave no reason."}
                    {edit.code ? <span className="muted"> ({edit.code})</span> : null}
                  </p>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => dismiss.run(edit.mutationId)}
                    disabled={dismiss.busy}
                    data-testid={`rejected-dismiss-${edit.mutationId}`}
                  >
                    Dismiss
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryBoundary>
    </Dialog>
  );
}
