import type { ErrorBody } from "../bindings/ErrorBody";
import type { ServerStatus } from "../bindings/ServerStatus";
import type { PolledCommand } from "./usePolledCommand";

export type ServerState = "checking" | "reachable" | "unreachable";
export type Connection = "online" | "offline" | "unknown";

export interface ServerView {
  state: ServerState;
  /** Last known connectivity, kept during a re-check so the header stays calm. */
  connection: Connection;
  serverUrl: string | null;
  serverVersion: string | null;
  checkedAt: string | null;
  error: ErrorBody | null;
  busy: boolean;
  recheck: () => void;
}

const NO_RESPONSE: ErrorBody = {
  code: "unreachable",
  message: "The server did not respond.",
};

export function toServerView(polled: PolledCommand<ServerStatus>): ServerView {
  const { outcome, checking, busy, recheck } = polled;
  const base = { busy, recheck };

  if (outcome === null) {
    return {
      ...base,
      state: "checking",
      connection: "unknown",
      serverUrl: null,
      serverVersion: null,
      checkedAt: null,
      error: null,
    };
  }

  if (!outcome.ok) {
    return {
      ...base,
      state: checking ? "checking" : "unreachable",
      connection: "offline",
      serverUrl: null,
      serverVersion: null,
      checkedAt: outcome.failedAt,
      error: outcome.error,
    };
  }

  const status = outcome.value;
  const reachable = status.reachable;
  return {
    ...base,
    state: checking ? "checking" : reachable ? "reachable" : "unreachable",
    connection: reachable ? "online" : "offline",
    serverUrl: status.serverUrl,
    serverVersion: status.serverVersion,
    checkedAt: status.checkedAt,
    error: reachable ? null : (status.error ?? NO_RESPONSE),
  };
}
