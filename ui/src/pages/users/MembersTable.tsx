import { useState } from "react";
import type { UserSummary } from "../../bindings/UserSummary";
import { Badge, type Tone } from "../../components/Badge";
import { VirtualTable, type Column } from "../../components/VirtualTable";
import { formatDateTime } from "../../lib/formatDate";
import { capitalise } from "../../lib/text";
import { ROLE_LABELS, assignableRoles, canManageMember, type Actor } from "../../lib/permissions";
import { ChangeRoleDialog } from "./ChangeRoleDialog";
import { DeactivateDialog } from "./DeactivateDialog";

const STATUS_TONE: Record<UserSummary["status"], Tone> = {
  active: "positive",
  invited: "accent",
  deactivated: "neutral",
};

type Action = { kind: "role" | "deactivate"; user: UserSummary };

export function MembersTable({ actor, users }: { actor: Actor; users: UserSummary[] }) {
  const [action, setAction] = useState<Action | null>(null);

  const columns: Column<UserSummary>[] = [
    {
      id: "name",
      header: "Name",
      width: "minmax(180px, 2fr)",
      render: (u) => (
        <div className="person">
          <span className="person__name">{u.displayName}</span>
          <span className="person__email">{u.email}</span>
        </div>
      ),
    },
    { id: "role", header: "Role", width: "100px", render: (u) => ROLE_LABELS[u.role] },
    {
      id: "status",
      header: "Status",
      width: "110px",
      render: (u) => <Badge tone={STATUS_TONE[u.status]}>{capitalise(u.status)}</Badge>,
    },
    { id: "last", header: "Last sign-in", width: "170px", render: (u) => formatDateTime(u.lastSignInAt) },
    {
      id: "mfa",
      header: "MFA",
      width: "70px",
      render: (u) => (u.mfaEnabled ? <Badge tone="positive">On</Badge> : <span className="muted">Off</span>),
    },
    {
      id: "actions",
      header: "",
      width: "210px",
      render: (u) => {
        // Hidden, not disabled: a member the actor has no authority over has no actions.
        if (u.status === "deactivated" || !canManageMember(actor, u.role)) return null;
        const otherRoles = assignableRoles(actor).filter((r) => r !== u.role);
        return (
          <div className="row-actions">
            {otherRoles.length > 0 ? (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => setAction({ kind: "role", user: u })}
                data-testid={`change-role-${u.email}`}
              >
                Change role
              </button>
            ) : null}
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => setAction({ kind: "deactivate", user: u })}
              data-testid={`deactivate-${u.email}`}
            >
              Deactivate
            </button>
          </div>
        );
      },
    },
  ];

  return (
    <>
      <VirtualTable
        label="Members"
        rows={users}
        columns={columns}
        rowKey={(u) => u.id}
        empty="No members yet."
        testId="members-table"
      />
      {action?.kind === "role" ? (
        <ChangeRoleDialog actor={actor} user={action.user} onClose={() => setAction(null)} />
      ) : null}
      {action?.kind === "deactivate" ? (
        <DeactivateDialog user={action.user} onClose={() => setAction(null)} />
      ) : null}
    </>
  );
}
