import { deactivateUser } from "../../api/users";
import type { UserSummary } from "../../bindings/UserSummary";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useCommandMutation } from "../../hooks/useCommandMutation";
import { queryKeys } from "../../lib/queryKeys";

export function DeactivateDialog({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const deactivate = useCommandMutation(() => deactivateUser(user.id), [queryKeys.users], onClose);
  return (
    <ConfirmDialog
      title={`Deactivate ${user.displayName}?`}
      confirmLabel="Deactivate"
      danger
      busy={deactivate.busy}
      error={deactivate.error}
      onConfirm={() => deactivate.run(undefined)}
      onCancel={onClose}
      testId="deactivate-dialog"
    >
      {user.email} is signed out everywhere at once and can no longer sign in. Their records stay.
    </ConfirmDialog>
  );
}
