import type { InvitationLink } from "../bindings/InvitationLink";
import { CopyField } from "../components/CopyField";
import { Dialog } from "../components/Dialog";
import { formatDateTime } from "../lib/formatDate";

/** The server keeps only a hash of the link, so this is the one chance to copy it. */
export function InviteLinkDialog({ link, onClose }: { link: InvitationLink; onClose: () => void }) {
  return (
    <Dialog
      title={`Invitation ready for ${link.invitation.email}`}
      description={`The link works once, until ${formatDateTime(link.invitation.expiresAt)}. It cannot be shown again; resending makes a new one.`}
      onClose={onClose}
      testId="invite-link-dialog"
      footer={
        <button type="button" className="button button--primary" onClick={onClose} data-testid="invite-done">
          Done
        </button>
      }
    >
      <CopyField label="Invite link" value={link.inviteUrl} testId="invite-link" />
    </Dialog>
  );
}
