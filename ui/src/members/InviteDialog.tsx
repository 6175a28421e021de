import { useState, type FormEvent } from "react";
import { inviteUser } from "./api";
import type { InvitationLink } from "../bindings/InvitationLink";
import type { Role } from "../bindings/Role";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { ROLE_LABELS, assignableRoles, type Actor } from "../lib/permissions";
import { queryKeys } from "../lib/queryKeys";
import { InviteLinkDialog } from "./InviteLinkDialog";
import { Field } from "../components/Field";

export function InviteDialog({ actor, onClose }: { actor: Actor; onClose: () => void }) {
  const roles = assignableRoles(actor);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(roles.includes("agent") ? "agent" : (roles[0] ?? "viewer"));
  const [link, setLink] = useState<InvitationLink | null>(null);
  const invite = useCommandMutation(inviteUser, [queryKeys.users, queryKeys.invitations, queryKeys.plan], setLink);

  if (link) return <InviteLinkDialog link={link} onClose={onClose} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.run({ email: email.trim(), role });
  };
  return (
    <Dialog
      title="Invite a user"
      description="They get an email with a link to join; the link is also shown here to pass on yourself."
      onClose={onClose}
      testId="invite-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label="Send invitation"
          busyLabel="Inviting…"
          busy={invite.busy}
          form="invite-form"
          testId="invite-submit"
        />
      }
    >
      <form id="invite-form" className="dialog__body-form" onSubmit={submit}>
        <Field label="Email">
          <input
            className="input"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="invite-email"
          />
        </Field>
        <Field label="Role">
          <select className="select" value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="invite-role">
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
      </form>
      {invite.error ? <ErrorCallout error={invite.error} testId="invite-error" /> : null}
    </Dialog>
  );
}
