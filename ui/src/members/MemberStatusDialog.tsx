import { deactivateUser, reactivateUser } from "./api";
import type { UserSummary } from "../bindings/UserSummary";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { queryKeys } from "../lib/queryKeys";

export type StatusChange = "deactivate" | "reactivate";

/** Deactivates or reactivates a member: queued on this computer and synced, so it works offline. */
export function MemberStatusDialog({
  user,
  change,
  onClose,
}: {
  user: UserSummary;
  change: StatusChange;
  onClose: () => void;
}) {
  const command = change === "deactivate" ? deactivateUser : reactivateUser;
  const mutation = useCommandMutation(() => command(user.id), [queryKeys.users, queryKeys.plan], onClose);
  const deactivating = change === "deactivate";
  return (
    <ConfirmDialog
      title={deactivating ? `Deactivate ${user.displayName}?` : `Reactivate ${user.displayName}?`}
      confirmLabel={deactivating ? "Deactivate" : "Reactivate"}
      danger={deactivating}
      busy={mutation.busy}
      error={mutation.error}
      onConfirm={() => mutation.run(undefined)}
      onCancel={onClose}
      testId={`${change}-dialog`}
    >
      {deactivating
        ? `${user.email} is signed out everywhere at once and can no longer sign in. Their records stay.`
        : `${user.email} can sign in again, as ${user.role}. They take a seat of your plan again.`}
    </ConfirmDialog>
  );
}
