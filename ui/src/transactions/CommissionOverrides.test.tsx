import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CommissionOverride } from "../bindings/CommissionOverride";
import type { Edited } from "../bindings/Edited";
import type { RosterAgent } from "../bindings/RosterAgent";
import type { Role } from "../bindings/Role";
import { renderSignedIn, type Handlers } from "../test/app";
import { memberSignedIn } from "../test/fixtures";
import { ALICE, deal, detail, pagesOf, row, rosterOf } from "./testTransactions";

const BOB: RosterAgent = { ...ALICE, id: "22222222-2222-4222-8222-222222222222", name: "Bob Buyer", email: "bob@acme.test" };
const CAT: RosterAgent = { ...ALICE, id: "33333333-3333-4333-8333-333333333333", name: "Cat Gone", email: "cat@acme.test" };

const harbor = deal(1, {
  participants: [
    { name: "Alice Agent", email: "alice@acme.test", role: "LISTING_AGENT" },
    { name: "Bob Buyer", email: "bob@acme.test", role: "BUYING_AGENT" },
  ],
});
const harborDetail = detail(harbor, {
  participants: [
    { participant: harbor.participants[0]!, agent: { agentId: ALICE.id, name: ALICE.name, office: null, matchedBy: "email", side: "sell" }, unmatchedAgent: false },
    { participant: harbor.participants[1]!, agent: { agentId: BOB.id, name: BOB.name, office: null, matchedBy: "email", side: "buy" }, unmatchedAgent: false },
  ],
});

function override(id: string, agent: string, agentPercent: string, reason: string, edit: Edited<CommissionOverride>["edit"] = "synced"): Edited<CommissionOverride> {
  return {
    record: { id, transaction: harbor.id, agent, agentPercent, reason, createdAt: "2026-03-01T10:00:00Z", updatedAt: "2026-03-01T10:00:00Z", version: 4 },
    edit,
    pendingFields: [],
    revoking: false,
  };
}

/** The page with the deal's pane open, the cache answering from `overrides`. */
async function openPane(role: Role, overrides: Edited<CommissionOverride>[], extra: Handlers = {}) {
  const calls = await renderSignedIn(memberSignedIn(role), "#/transactions", {
    transaction_rows: pagesOf([row(harbor)]),
    roster_rows: () => rosterOf(ALICE, BOB, CAT),
    rejected_edits: () => [],
    transaction_detail: () => harborDetail,
    commission_overrides: () => overrides,
    ...extra,
  });
  const user = userEvent.setup();
  const table = await screen.findByTestId("tx-table");
  await waitFor(() => expect(within(table).queryAllByRole("row")).toHaveLength(2));
  await user.click(within(table).getAllByRole("row")[1]!);
  const pane = await screen.findByTestId("tx-detail");
  return { calls, user, pane };
}

describe("a deal's commission override", () => {
  it("lists the deal's agents with their split, and an override for an agent no longer on the deal", async () => {
    const { calls, pane } = await openPane("owner", [override("o1", ALICE.id, "85", "Retention deal"), override("o2", CAT.id, "90", "Old agreement", "pending")]);
    const alice = await within(pane).findByTestId(`override-${ALICE.id}`);
    expect(alice).toHaveTextContent("Alice Agent keeps 85% on this deal: Retention deal");
    expect(within(alice).getByTestId("override-open")).toHaveTextContent("Change");
    const bob = within(pane).getByTestId(`override-${BOB.id}`);
    expect(bob).toHaveTextContent("Bob Buyer Plan split");
    expect(within(bob).getByTestId("override-open")).toHaveTextContent("Set");
    expect(within(bob).queryByTestId("override-remove")).toBeNull();
    const cat = within(pane).getByTestId(`override-${CAT.id}`);
    expect(cat).toHaveTextContent("Cat Gone keeps 90% on this deal: Old agreement (not on this deal: not used)");
    expect(within(cat).getByTestId(`override-edit-${CAT.id}`)).toHaveTextContent("Pending sync");
    expect(calls.find((c) => c.cmd === "commission_overrides")?.args).toEqual({ transactionId: harbor.id });
  });

  it("sets a split for an agent and shows it pending sync", async () => {
    let overrides: Edited<CommissionOverride>[] = [];
    const { calls, user, pane } = await openPane("admin", [], {
      commission_overrides: () => overrides,
      set_commission_override: (args) => {
        const terms = args.terms as { agentPercent: string; reason: string };
        overrides = [override("o3", args.agentId as string, terms.agentPercent, terms.reason.trim(), "pending")];
        return overrides[0]!.record;
      },
    });
    const bob = await within(pane).findByTestId(`override-${BOB.id}`);
    await user.click(within(bob).getByTestId("override-open"));
    await user.type(within(bob).getByTestId("override-percent"), "80");
    await user.type(within(bob).getByTestId("override-reason"), "First deal together");
    await user.click(within(bob).getByTestId("override-save"));
    await waitFor(() => expect(within(bob).getByTestId("override-terms")).toHaveTextContent("keeps 80% on this deal: First deal together"));
    expect(calls.find((c) => c.cmd === "set_commission_override")?.args).toEqual({
      transactionId: harbor.id,
      agentId: BOB.id,
      terms: { agentPercent: "80", reason: "First deal together" },
    });
    expect(within(bob).getByTestId(`override-edit-${BOB.id}`)).toHaveTextContent("Pending sync");
    expect(within(bob).queryByTestId("override-form")).toBeNull();
  });

  it("changes an override from its current terms and shows why core refused a value", async () => {
    const { calls, user, pane } = await openPane("owner", [override("o1", ALICE.id, "85", "Retention deal")], {
      set_commission_override: () => {
        throw { code: "invalid_commission_override", message: "The agent's split on this deal must be between 0 and 100 %." };
      },
    });
    const alice = await within(pane).findByTestId(`override-${ALICE.id}`);
    await user.click(within(alice).getByTestId("override-open"));
    const percent = within(alice).getByTestId("override-percent");
    expect(percent).toHaveValue("85");
    expect(within(alice).getByTestId("override-reason")).toHaveValue("Retention deal");
    await user.clear(percent);
    await user.type(percent, "185");
    await user.click(within(alice).getByTestId("override-save"));
    expect(await within(alice).findByTestId("override-error")).toHaveTextContent("between 0 and 100 %");
    expect(calls.find((c) => c.cmd === "set_commission_override")?.args).toMatchObject({ agentId: ALICE.id, terms: { agentPercent: "185", reason: "Retention deal" } });
  });

  it("removes an override, which shows as waiting to sync", async () => {
    let overrides = [override("o1", ALICE.id, "85", "Retention deal")];
    const { calls, user, pane } = await openPane("owner", [], {
      commission_overrides: () => overrides,
      remove_commission_override: () => {
        overrides = [{ ...overrides[0]!, edit: "pending", revoking: true }];
        return null;
      },
    });
    const alice = await within(pane).findByTestId(`override-${ALICE.id}`);
    await user.click(within(alice).getByTestId("override-remove"));
    expect(await within(alice).findByTestId("override-removing")).toHaveTextContent("Removal waiting to sync");
    expect(calls.find((c) => c.cmd === "remove_commission_override")?.args).toEqual({ overrideId: "o1" });
    expect(within(alice).queryByTestId("override-open")).toBeNull();
  });

  it.each(["agent", "viewer"] as Role[])("is not offered to a %s", async (role) => {
    const { calls, pane } = await openPane(role, []);
    await within(pane).findAllByTestId("tx-participant");
    expect(within(pane).queryByTestId("tx-overrides")).toBeNull();
    expect(calls.some((c) => c.cmd === "commission_overrides")).toBe(false);
  });
});
