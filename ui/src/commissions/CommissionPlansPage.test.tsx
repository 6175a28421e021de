import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CommissionPlan } from "../bindings/CommissionPlan";
import { memberSignedIn } from "../test/fixtures";
import { renderSignedIn } from "../test/app";

const plan: CommissionPlan = {
  id: "p1",
  name: "70/30 with cap",
  versions: [
    {
      effectiveFrom: "2020-01-01",
      terms: { split: { kind: "agentPercent", agentPercent: "70" }, capYear: { kind: "calendarYear" }, companyDollarCap: "20000.00", franchiseFee: null, transactionFee: null, errorsAndOmissions: null, team: null },
    },
  ],
};
const alice = { id: "a1", name: "Alice Agent", email: "alice@acme.test", memberId: null, office: null, team: null, anniversary: null, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", version: 1 };

function handlers() {
  return {
    commission_plans: () => [{ record: plan, edit: "synced" }],
    plan_assignments: () => [{ record: { id: "s1", agent: "a1", plan: "p1", effectiveFrom: "2020-01-01" }, edit: "synced" }],
    roster_rows: () => [{ record: alice, edit: "synced" }],
    rejected_edits: () => [],
  };
}

describe("Commission plans page", () => {
  it("edits a version's cap and sends the whole list of versions", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/commission-plans", { ...handlers(), set_plan_versions: () => plan });
    expect(await screen.findByTestId("plan-70/30 with cap")).toHaveTextContent("70/30 · cap $20,000.00");
    expect(screen.getByTestId("assignments-table")).toHaveTextContent("Alice Agent70/30 with capJan 1, 2020");
    await userEvent.click(screen.getByTestId("plan-version-70/30 with cap-2020-01-01"));
    const cap = screen.getByTestId("plan-cap");
    await userEvent.clear(cap);
    await userEvent.type(cap, "25000.00");
    await userEvent.click(screen.getByTestId("plan-save"));
    const sent = calls.find((c) => c.cmd === "set_plan_versions")!.args as { planId: string; versions: { terms: { companyDollarCap: string } }[] };
    expect(sent.planId).toBe("p1");
    expect(sent.versions.map((v) => v.terms.companyDollarCap)).toEqual(["25000.00"]);
  });

  it("puts a team on a version and sends it with the plan's versions", async () => {
    const bob = { ...alice, id: "a2", name: "Bob Broker", email: "bob@acme.test" };
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/commission-plans", {
      ...handlers(),
      roster_rows: () => [alice, bob].map((record) => ({ record, edit: "synced" })),
      set_plan_versions: () => plan,
    });
    await userEvent.click(await screen.findByTestId("plan-version-70/30 with cap-2020-01-01"));
    await userEvent.click(screen.getByTestId("plan-team-toggle"));
    await userEvent.selectOptions(await screen.findByTestId("plan-team-lead"), "Alice Agent");
    await userEvent.selectOptions(screen.getByTestId("plan-team-member-0"), "Bob Broker");
    await userEvent.type(screen.getByTestId("plan-team-allocation-0"), "65");
    await userEvent.click(screen.getByTestId("plan-save"));
    const sent = calls.find((c) => c.cmd === "set_plan_versions")!.args;
    expect(sent).toEqual({ planId: "p1", versions: [{ ...plan.versions[0], terms: { ...plan.versions[0]!.terms, team: { lead: "a1", members: [{ agent: "a2", allocationPercent: "65" }] } } }] });
  });

  it("shows would have paid beside did pay", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/commission-plans", {
      ...handlers(),
      simulate_plan: () => {
        const actual = { agentGross: "7000.00", agentNet: "6900.00", companyDollar: "3100.00" };
        const simulated = { agentGross: "8000.00", agentNet: "7900.00", companyDollar: "2100.00" };
        const difference = { agentGross: "1000.00", agentNet: "1000.00", companyDollar: "-1000.00" };
        return { agents: [{ agent: "a1", actual, simulated, difference }], total: { actual, simulated, difference } };
      },
    });
    await userEvent.click(await screen.findByTestId("simulate-run"));
    const table = await screen.findByTestId("simulation-table");
    expect(within(table).getAllByRole("row")[1]).toHaveTextContent("Alice Agent$6,900.00$3,100.00$7,900.00$2,100.00$1,000.00-$1,000.00");
  });
});
