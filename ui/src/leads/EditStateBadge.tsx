import type { EditState } from "../bindings/EditState";
import { Badge } from "../components/Badge";

/** Says when a lead's local edits have not reached the server, or were refused there. */
export function EditStateBadge({ state, testId }: { state: EditState; testId?: string }) {
  if (state === "pending") {
    return (
      <Badge tone="warning" testId={testId}>
        Pending sync
      </Badge>
    );
  }
  if (state === "rejected") {
    return (
      <Badge tone="negative" testId={testId}>
        Edit rejected
      </Badge>
    );
  }
  return null;
}
