import { useServerStatus } from "../hooks/useServerStatus";
import type { ServerState } from "../hooks/serverView";
import { formatLocalTime } from "../lib/formatTime";
import { RecheckButton } from "./RecheckButton";
import { Detail, StatusRow, type StatusTone } from "./StatusRow";

const PRESENTATION: Record<ServerState, { text: string; tone: StatusTone }> = {
  checking: { text: "Checking…", tone: "pending" },
  reachable: { text: "Reachable", tone: "positive" },
  unreachable: { text: "Unreachable", tone: "negative" },
};

export function ServerStatusRow() {
  const server = useServerStatus();
  const { text, tone } = PRESENTATION[server.state];

  const hasDetails = server.serverUrl !== null || server.checkedAt !== null;
  const details = hasDetails ? (
    <>
      {server.serverUrl !== null ? (
        <Detail term="Server URL">
          <span className="mono">{server.serverUrl}</span>
        </Detail>
      ) : null}
      {server.serverVersion ? (
        <Detail term="Version">
          <span className="mono">{server.serverVersion}</span>
        </Detail>
      ) : null}
      {server.checkedAt !== null ? (
        <Detail term="Last checked">
          <time dateTime={server.checkedAt}>{formatLocalTime(server.checkedAt)}</time>
        </Detail>
      ) : null}
    </>
  ) : null;

  return (
    <StatusRow
      label="Brokerage server"
      testId="server-status"
      state={server.state}
      tone={tone}
      statusText={text}
      details={details}
      error={server.error}
      action={
        <RecheckButton
          busy={server.busy}
          onClick={server.recheck}
          testId="recheck-server"
          target="brokerage server"
        />
      }
    />
  );
}
