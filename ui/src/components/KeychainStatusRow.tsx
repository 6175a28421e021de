import { useKeychainStatus, type KeychainState } from "../hooks/useKeychainStatus";
import { RecheckButton } from "./RecheckButton";
import { Detail, StatusRow, type StatusTone } from "./StatusRow";

const PRESENTATION: Record<KeychainState, { text: string; tone: StatusTone }> = {
  checking: { text: "Checking…", tone: "pending" },
  available: { text: "Available", tone: "positive" },
  unavailable: { text: "Unavailable", tone: "negative" },
};

export function KeychainStatusRow() {
  const keychain = useKeychainStatus();
  const { text, tone } = PRESENTATION[keychain.state];

  return (
    <StatusRow
      label="System keychain"
      testId="keychain-status"
      state={keychain.state}
      tone={tone}
      statusText={text}
      details={
        keychain.backend !== null ? (
          <Detail term="Backend">
            <span className="mono">{keychain.backend}</span>
          </Detail>
        ) : null
      }
      error={keychain.error}
      action={
        // Users fix the keychain outside the app (install, unlock) and then
        // need a way to confirm it without restarting.
        <RecheckButton
          busy={keychain.busy}
          onClick={keychain.recheck}
          testId="recheck-keychain"
          target="system keychain"
        />
      }
    />
  );
}
