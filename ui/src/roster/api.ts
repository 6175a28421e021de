import { call } from "../api/commands";
import type { Edited } from "../bindings/Edited";
import type { NewRosterAgent } from "../bindings/NewRosterAgent";
import type { RosterAgent } from "../bindings/RosterAgent";

/** The fields an edit changes; a null clears an optional one. */
export type RosterAgentChanges = Partial<NewRosterAgent>;

export const ROSTER_KEY = ["roster"] as const;

// Read from, and written to, the copy kept on this computer: adds and edits work offline
// and show as pending until the server has them.
export const rosterRows = () => call<Edited<RosterAgent>[]>("roster_rows");
export const addRosterAgent = (agent: NewRosterAgent) => call<RosterAgent>("add_roster_agent", { agent });
export const editRosterAgent = ({ agentId, changes }: { agentId: string; changes: RosterAgentChanges }) =>
  call<RosterAgent>("edit_roster_agent", { agentId, changes });
