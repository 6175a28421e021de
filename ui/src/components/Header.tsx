import { useState } from "react";
import { AboutButton } from "../about/AboutButton";
import { signOut } from "../session/api";
import type { SignedIn } from "../bindings/SignedIn";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { ROLE_LABELS } from "../lib/permissions";
import { useSession, useSignedIn } from "../session/SessionContext";
import { ConfirmDialog } from "./ConfirmDialog";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { SyncStatus } from "./SyncStatus";
import type { SyncState } from "../bindings/SyncState";

function identity(signedIn: SignedIn): { place: string; who: string; role: string } {
  switch (signedIn.kind) {
    case "member":
      return { place: signedIn.tenant.name, who: signedIn.user.displayName, role: ROLE_LABELS[signedIn.user.role] };
    case "support":
      return { place: signedIn.tenant.name, who: signedIn.session.staffDisplay, role: `Support · ${ROLE_LABELS[signedIn.role]}` };
    case "staff":
      return { place: "Brokerdesk platform", who: signedIn.displayName, role: "Platform staff" };
  }
}

interface HeaderProps {
  title: string;
  /** The sync state of the tenant the app works in; the staff view shows the server connection instead. */
  sync: SyncState | null;
}

export function Header({ title, sync }: HeaderProps) {
  const signedIn = useSignedIn();
  const { place, who, role } = identity(signedIn);
  return (
    <header className="topbar">
      <h1 className="topbar__title">{title}</h1>
      <div className="topbar__end">
        {sync && signedIn.kind !== "staff" ? <SyncStatus state={sync} /> : <ConnectionIndicator />}
        <div className="topbar__identity" data-testid="header-identity">
          <span className="topbar__tenant" data-testid="header-tenant">
            {place}
          </span>
          <span className="topbar__who">
            {who} · <span data-testid="header-role">{role}</span>
          </span>
        </div>
        <AboutButton />
        {/* A support session ends from its banner, which also returns to the staff view. */}
        {signedIn.kind === "support" ? null : <SignOutButton signedIn={signedIn} />}
      </div>
    </header>
  );
}

function SignOutButton({ signedIn }: { signedIn: SignedIn }) {
  const { leave } = useSession();
  const [confirming, setConfirming] = useState(false);
  const out = useCommandMutation(signOut, [], leave);
  return (
    <>
      <button type="button" className="button button--secondary" onClick={() => setConfirming(true)} data-testid="sign-out">
        Sign out
      </button>
      {confirming ? (
        <ConfirmDialog
          title="Sign out?"
          confirmLabel="Sign out"
          danger
          busy={out.busy}
          error={out.error}
          onConfirm={() => out.run(undefined)}
          onCancel={() => setConfirming(false)}
          testId="sign-out-dialog"
        >
          {signedIn.kind === "member"
            ? `The copy of ${signedIn.tenant.name}'s data kept on this computer is deleted with its key, and edits not yet sent to the server are lost. You will need your password to sign in again.`
            : "You will need your password and authenticator code to sign in again."}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
