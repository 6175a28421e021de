import { useServerStatus } from "../hooks/useServerStatus";
import type { Connection } from "../hooks/serverView";
import "./ConnectionIndicator.css";

const LABELS: Record<Connection, string> = {
  online: "Online",
  offline: "Offline",
  // Before the first answer we genuinely do not know; "Offline" would alarm.
  unknown: "Connecting…",
};

export function ConnectionIndicator() {
  const { connection, serverUrl } = useServerStatus();
  return (
    <div
      className={`connection connection--${connection}`}
      data-testid="connection-indicator"
      data-state={connection}
      title={serverUrl ?? undefined}
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{LABELS[connection]}</span>
    </div>
  );
}
