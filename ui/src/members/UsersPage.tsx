import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { listInvitations, memberRows } from "./api";
import type { Edited } from "../bindings/Edited";
import type { InvitationSummary } from "../bindings/InvitationSummary";
import type { UserSummary } from "../bindings/UserSummary";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { can } from "../lib/permissions";
import { queryKeys } from "../lib/queryKeys";
import { useActor } from "../session/SessionContext";
import { RejectedEdits } from "../edits/RejectedEdits";
import { NEEDS_CONNECTION, useOffline } from "../edits/useOffline";
import { describeUserEdit } from "./describeEdit";
import { InvitationsTable } from "./InvitationsTable";
import { InviteDialog } from "./InviteDialog";
import { MembersTable } from "./MembersTable";

type Tab = "members" | "invitations";

const OPEN_INVITATION: ReadonlySet<InvitationSummary["status"]> = new Set(["pending", "expired"]);

export function UsersPage() {
  const actor = useActor();
  const offline = useOffline();
  const [tab, setTab] = useState<Tab>("members");
  const [inviting, setInviting] = useState(false);
  const users = useQuery({ queryKey: queryKeys.memberRows, queryFn: memberRows });
  const mayManage = can(actor, "manage_users");
  const invitations = useQuery({
    queryKey: queryKeys.invitations,
    queryFn: listInvitations,
    enabled: mayManage,
  });
  const openInvitations = (invitations.data ?? []).filter((i) => OPEN_INVITATION.has(i.record.status));

  return (
    <div className="page page--wide">
      <PageHeader
        title="Users"
        description="Everyone with access to this brokerage, their role and how they sign in. Changes work offline and show as pending until the server has them."
        actions={
          mayManage ? (
            <button
              type="button"
              className="button button--primary"
              onClick={() => setInviting(true)}
              disabled={offline}
              title={offline ? `${NEEDS_CONNECTION}: it makes the invitation link.` : undefined}
              data-testid="invite-open"
            >
              Invite user
            </button>
          ) : null
        }
      />
      {mayManage && offline ? (
        <p className="muted" data-testid="invite-offline">
          Inviting and resending need a connection: the server makes each invitation link. Role changes,
          deactivation and revoking work offline.
        </p>
      ) : null}
      <RejectedEdits
        entities={["user", "invitation"]}
        describe={(edit) => describeUserEdit(edit, users.data, invitations.data)}
      />
      {mayManage ? (
        <div className="tabs" role="tablist" aria-label="Users">
          <TabButton id="members" current={tab} onSelect={setTab} label="Members" count={users.data?.filter(isMember).length} />
          <TabButton id="invitations" current={tab} onSelect={setTab} label="Invitations" count={openInvitations.length} />
        </div>
      ) : null}
      {tab === "members" ? (
        <QueryBoundary query={users} testId="users">
          {(rows) => <MembersTable actor={actor} rows={rows.filter(isMember)} />}
        </QueryBoundary>
      ) : (
        <QueryBoundary query={invitations} testId="invitations">
          {() => <InvitationsTable actor={actor} rows={openInvitations} offline={offline} />}
        </QueryBoundary>
      )}
      {inviting ? <InviteDialog actor={actor} onClose={() => setInviting(false)} /> : null}
    </div>
  );
}

/** Invited people appear under Invitations until they accept. */
function isMember(row: Edited<UserSummary>): boolean {
  return row.record.status !== "invited";
}

function TabButton({
  id,
  current,
  onSelect,
  label,
  count,
}: {
  id: Tab;
  current: Tab;
  onSelect: (tab: Tab) => void;
  label: string;
  count: number | undefined;
}) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={current === id}
      className={current === id ? "tab tab--on" : "tab"}
      onClick={() => onSelect(id)}
      data-testid={`tab-${id}`}
    >
      {label}
      {count !== undefined ? <span className="tab__count">{count}</span> : null}
    </button>
  );
}
