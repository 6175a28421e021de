import { useState } from "react";
import { changeRole } from "./api";
import type { Role } from "../bindings/Role";
import type { UserSummary } from "../bindings/UserSummary";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { ROLE_LABELS, assignableRoles, type Actor } from "../lib/permissions";
import { queryKeys } from "../lib/queryKeys";
import { Field } from "../components/Field";

export function ChangeRoleDialog({
  actor,
  user,
  onClose,
}: {
  actor: Actor;
  user: UserSummary;
  onClose: () => void;
}) {
  const choices = assignableRoles(actor).filter((r) => r !== user.role);
  const [role, setRole] = useState<Role>(choices[0] ?? user.role);
  const change = useCommandMutation(
    (next: Role) => changeRole(user.id, next),
    [queryKeys.users],
    onClose,
  );
  return (
    <ConfirmDialog
      title={`Change ${user.displayName}'s role`}
      confirmLabel="Change role"
      busy={change.busy}
      error={change.error}
      onConfirm={() => change.run(role)}
      onCancel={onClose}
      testId="change-role-dialog"
    >
      <Field
        label="New role"
        hint={`Currently ${ROLE_LABELS[user.role]}. Saved here at once and sent to the server (later, if you are offline); it applies to their next request there and is recorded in the audit trail.`}
      >
        <select
          className="select"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          data-testid="change-role-select"
        >
          {choices.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </Field>
    </ConfirmDialog>
  );
}
