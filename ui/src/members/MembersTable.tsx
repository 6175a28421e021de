import { useState } from "react";
import type { Edited } from "../bindings/Edited";
import type { UserSummary } from "../bindings/UserSummary";
import { Badge, type Tone } from "../components/Badge";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { EditStateBadge } from "../leads/EditStateBadge";
import { formatDateTime } from "../lib/formatDate";
import { capitalise } from "../lib/text";
import { ROLE_LABELS, assignableRoles, canManageMember, type Actor } from "../lib/permissions";
import { ChangeRoleDialog } from "./ChangeRoleDialog";
import { MemberStatusDialog, type StatusChange } from "./MemberStatusDialog";

const STATUS_TONE: Record<UserSummary["status"], Tone> = {
  active: "positive",
  invited: "accent",
  deactivated: "neutral",
};

type Action = { kind: "role" | StatusChange; user: UserSummary };

export function MembersTable({ actor, rows }: { actor: Actor; rows: Edited<UserSummary>[] }) {
  const [action, setAction] = useState<Action | null>(null);

  const columns: Column<Edited<UserSummary>>[] = [
    {
      id: "name",
      header: "Name",
      width: "minmax(160px, 2fr)",
      render: ({ record: u }) => (
        <div className="person">
          <span className="person__name">{u.displayName}</span>
          <span className="person__email">{u.email}</span>
        </div>
      ),
    },
    {
      id: "role",
      header: "Role",
      width: "110px",
      render: (row) => (
        <span>
          {ROLE_LABELS[row.record.role]}
          {row.pendingFields.includes("role") ? <span className="pending-note"> · pending</span> : null}
        </span>
      ),
    },
    {
      id: "status",
      header: "Status",
      width: "180px",
      render: (row) => (
        <span data-testid={`member-status-${row.record.email}`}>
          <Badge tone={STATUS_TONE[row.record.status]}>{capitalise(row.record.status)}</Badge>{" "}
          <EditStateBadge state={row.edit} testId={`member-edit-${row.record.email}`} />
        </span>
      ),
    },
    { id: "last", header: "Last sign-in", width: "165px", render: ({ record: u }) => formatDateTime(u.lastSignInAt) },
    {
      id: "mfa",
      header: "MFA",
      width: "60px",
      render: ({ record: u }) => (u.mfaEnabled ? <Badge tone="positive">On</Badge> : <span className="muted">Off</span>),
    },
    {
      id: "actions",
      header: "",
      width: "210px",
      render: ({ record: u }) => {
        // Hidden, not disabled: a member the actor has no authority over has no actions.
        if (!canManageMember(actor, u.role)) return null;
        if (u.status === "deactivated") {
          return (
            <div className="row-actions">
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => setAction({ kind: "reactivate", user: u })}
                data-testid={`reactivate-${u.email}`}
              >
                Reactivate
              </button>
            </div>
          );
        }
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
        rows={rows}
        columns={columns}
        rowKey={(row) => row.record.id}
        empty="No members yet."
        testId="members-table"
      />
      {action?.kind === "role" ? (
        <ChangeRoleDialog actor={actor} user={action.user} onClose={() => setAction(null)} />
      ) : null}
      {action && action.kind !== "role" ? (
        <MemberStatusDialog user={action.user} change={action.kind} onClose={() => setAction(null)} />
      ) : null}
    </>
  );
}
