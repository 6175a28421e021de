import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { NewRosterAgent } from "../bindings/NewRosterAgent";
import type { RosterAgent } from "../bindings/RosterAgent";
import { renderSignedIn } from "../test/app";
import { TEAM, edited, memberSignedIn } from "../test/fixtures";

const alice: RosterAgent = {
  id: "0190b000-0000-7000-8000-000000000001",
  name: "Alice Agent",
  email: "alice@harbourrealty.example",
  memberId: TEAM[2]!.id,
  office: "Downtown",
  team: "Harbor Team",
  anniversary: "2021-03-15",
  createdAt: "2025-03-14T09:00:00Z",
  updatedAt: "2025-03-14T09:00:00Z",
};

/** A roster the page's commands read and write, as the cache would: an edit shows pending. */
function cachedRoster(agents: RosterAgent[]) {
  const pending = new Set<string>();
  return {
    roster_rows: () => agents.map((a) => edited(a, pending.has(a.id) ? { edit: "pending" } : {})),
    list_users: () => TEAM,
    rejected_edits: () => [],
    add_roster_agent: ({ agent }: Record<string, unknown>) => {
      const added: RosterAgent = { ...alice, ...(agent as NewRosterAgent), id: "0190b000-0000-7000-8000-000000000002" };
      agents.push(added);
      pending.add(added.id);
      return added;
    },
    edit_roster_agent: ({ agentId, changes }: Record<string, unknown>) => {
      const index = agents.findIndex((a) => a.id === agentId);
      agents[index] = { ...agents[index]!, ...(changes as Partial<RosterAgent>) };
      pending.add(agentId as string);
      return agents[index];
    },
  };
}

const row = (email: string) =>
  within(screen.getByTestId("roster-table")).getByText(email).closest("[role='row']") as HTMLElement;

describe("roster", () => {
  it("lists agents with member, office, team and anniversary", async () => {
    await renderSignedIn(memberSignedIn("agent"), "#/roster", cachedRoster([{ ...alice }]));
    await screen.findByText(alice.email);
    const alices = row(alice.email);
    expect(alices).toHaveTextContent("Alice Agent");
    expect(alices).toHaveTextContent(TEAM[2]!.displayName);
    expect(alices).toHaveTextContent("Downtown");
    expect(alices).toHaveTextContent("Harbor Team");
    expect(alices).toHaveTextContent("2021-03-15");
    expect(alices).not.toHaveTextContent("Pending sync");
    // An agent may read the roster, not change it.
    expect(screen.queryByTestId("roster-add")).toBeNull();
    expect(screen.queryByTestId(`roster-edit-open-${alice.email}`)).toBeNull();
  });

  it("adds an agent through the dialog and shows it pending", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/roster", cachedRoster([{ ...alice }]));
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("roster-add"));
    await user.type(screen.getByTestId("roster-name"), "Bob Broker");
    await user.type(screen.getByTestId("roster-email"), "bob@harbourrealty.example");
    await user.type(screen.getByTestId("roster-office"), "Uptown");
    await user.click(screen.getByTestId("roster-submit"));

    await waitFor(() => expect(screen.queryByTestId("roster-dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "add_roster_agent")?.args).toEqual({
      agent: { name: "Bob Broker", email: "bob@harbourrealty.example", memberId: null, office: "Uptown", team: null, anniversary: null },
    });
    await waitFor(() => expect(row("bob@harbourrealty.example")).toHaveTextContent("Pending sync"));
  });

  it("edits an agent, sending only the fields changed", async () => {
    const calls = await renderSignedIn(memberSignedIn("admin"), "#/roster", cachedRoster([{ ...alice }]));
    const user = userEvent.setup();
    await user.click(await screen.findByTestId(`roster-edit-open-${alice.email}`));
    await user.clear(screen.getByTestId("roster-team"));
    await user.type(screen.getByTestId("roster-office"), " East");
    await user.click(screen.getByTestId("roster-submit"));

    await waitFor(() => expect(screen.queryByTestId("roster-dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "edit_roster_agent")?.args).toEqual({
      agentId: alice.id,
      changes: { office: "Downtown East", team: null },
    });
    await waitFor(() => expect(row(alice.email)).toHaveTextContent("Pending sync"));
    expect(row(alice.email)).not.toHaveTextContent("Harbor Team");
  });

  it("is in the sidebar for whoever may view the roster", async () => {
    await renderSignedIn(memberSignedIn("viewer"), "#/roster", cachedRoster([]));
    expect(await screen.findByTestId("nav-roster")).toHaveTextContent("Roster");
  });
});
