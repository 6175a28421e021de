import { useQuery } from "@tanstack/react-query";
import { dismissRejectedEdit, rejectedEdits } from "./api";
import type { RejectedEdit } from "../bindings/RejectedEdit";
import type { SyncEntity } from "../bindings/SyncEntity";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { queryKeys } from "../lib/queryKeys";
import { AlertIcon } from "../components/icons";
import "./edits.css";

/**
 * The changes made on this computer that the server refused, each with its reason, until
 * the user dismisses them. The records themselves already show the server's values again.
 */
export function RejectedEdits({
  entities,
  describe,
}: {
  entities: SyncEntity[];
  /** What the edit was, in words: "Role change for ava@…". */
  describe: (edit: RejectedEdit) => string;
}) {
  const edits = useQuery({
    queryKey: [...queryKeys.rejectedEdits, ...entities],
    queryFn: () => rejectedEdits(entities),
  });
  const dismiss = useCommandMutation(dismissRejectedEdit, [queryKeys.rejectedEdits]);
  const list = edits.data ?? [];
  if (list.length === 0) return null;
  return (
    <div className="rejected-edits" role="alert" data-testid="rejected-edits">
      <AlertIcon className="rejected-edits__icon" />
      <div className="rejected-edits__body">
        <p className="rejected-edits__title">
          The server refused {list.length === 1 ? "a change" : `${list.length} changes`} made on this computer. They
          were undone:
        </p>
        <ul className="rejected-edits__list">
          {list.map((edit) => (
            <li key={edit.mutationId} data-testid={`rejected-edit-${edit.entityId}`}>
              <span className="rejected-edits__what">{describe(edit)}</span>
              <span className="rejected-edits__why">{edit.message}</span>
              <button
                type="button"
                className="button button--ghost button--small"
                disabled={dismiss.busy}
                onClick={() => dismiss.run(edit.mutationId)}
              >
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The changed fields of an edit, by their wire names. */
export function editedFields(edit: RejectedEdit): string[] {
  return Object.keys(edit.changes);
}
