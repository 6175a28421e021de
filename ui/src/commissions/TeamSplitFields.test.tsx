import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { PlanVersion } from "../bindings/PlanVersion";
import type { RosterAgent } from "../bindings/RosterAgent";
import { PlanVersionEditor } from "./PlanVersionEditor";

function agent(id: string, name: string): RosterAgent {
  return { id, name, email: `${id}@acme.test`, memberId: null, office: null, team: null, anniversary: null, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" };
}
const roster = [agent("a-lead", "Lena Lead"), agent("a-one", "Omar One"), agent("a-two", "Tara Two")];

const solo: PlanVersion = {
  effectiveFrom: "2026-01-01",
  terms: { split: { kind: "agentPercent", agentPercent: "70" }, capYear: { kind: "calendarYear" }, companyDollarCap: "20000.00", franchiseFee: null, transactionFee: null, errorsAndOmissions: null, team: null },
};
/** `solo` with Lena leading a team of `members` ([agent, allocation %]). */
function ledByLena(members: [string, string][]): PlanVersion {
  return { ...solo, terms: { ...solo.terms, team: { lead: "a-lead", members: members.map(([agent, allocationPercent]) => ({ agent, allocationPercent })) } } };
}
const teamed = ledByLena([
  ["a-one", "60"],
  ["gone", "55"],
]);

function editor(version: PlanVersion) {
  const onSave = vi.fn<(v: PlanVersion) => void>();
  render(<PlanVersionEditor version={version} roster={roster} busy={false} error={null} onSave={onSave} onCancel={() => {}} />);
  return onSave;
}

describe("the team split of a plan version", () => {
  it("builds a team from the roster and saves it with the version", async () => {
    const onSave = editor(solo);
    expect(screen.queryByTestId("plan-team-lead")).toBeNull();
    await userEvent.click(screen.getByTestId("plan-team-toggle"));
    const lead = screen.getByTestId("plan-team-lead");
    expect(within(lead).getAllByRole("option").map((o) => o.textContent)).toEqual(["Choose the lead", "Lena Lead", "Omar One", "Tara Two"]);
    await userEvent.selectOptions(lead, "Lena Lead");
    await userEvent.selectOptions(screen.getByTestId("plan-team-member-0"), "Omar One");
    await userEvent.type(screen.getByTestId("plan-team-allocation-0"), "60");
    await userEvent.click(screen.getByTestId("plan-team-add"));
    await userEvent.selectOptions(screen.getByTestId("plan-team-member-1"), "Tara Two");
    await userEvent.type(screen.getByTestId("plan-team-allocation-1"), "72.5%");
    await userEvent.click(screen.getByTestId("plan-save"));
    expect(screen.queryByTestId("plan-invalid")).toBeNull();
    expect(onSave.mock.calls).toEqual([
      [
        ledByLena([
          ["a-one", "60"],
          ["a-two", "72.5"],
        ]),
      ],
    ]);
  });

  it("shows a saved team by names, and saves no team once it is turned off", async () => {
    const onSave = editor(teamed);
    expect(screen.getByTestId("plan-team-toggle")).toBeChecked();
    expect(screen.getByTestId("plan-team-lead")).toHaveDisplayValue("Lena Lead");
    expect(screen.getByTestId("plan-team-member-0")).toHaveDisplayValue("Omar One");
    // An agent the roster no longer has keeps their place, named as such rather than by id.
    expect(screen.getByTestId("plan-team-member-1")).toHaveDisplayValue("An agent not on the roster");
    expect(screen.getByTestId("plan-team-allocation-1")).toHaveValue("55");
    await userEvent.click(screen.getByTestId("plan-team-toggle"));
    expect(screen.queryByTestId("plan-team-lead")).toBeNull();
    await userEvent.click(screen.getByTestId("plan-save"));
    expect(onSave.mock.calls).toEqual([[solo]]);
  });

  it("says what is wrong with the team instead of saving it", async () => {
    const onSave = editor(teamed);
    await userEvent.selectOptions(screen.getByTestId("plan-team-member-1"), "Lena Lead");
    await userEvent.click(screen.getByTestId("plan-save"));
    expect(screen.getByTestId("plan-invalid")).toHaveTextContent("Team member 2 is the team lead");
    await userEvent.selectOptions(screen.getByTestId("plan-team-member-1"), "Omar One");
    await userEvent.click(screen.getByTestId("plan-save"));
    expect(screen.getByTestId("plan-invalid")).toHaveTextContent("Team member 2 is the same agent as team member 1.");
    await userEvent.click(screen.getAllByRole("button", { name: "Remove" })[1]!);
    await userEvent.clear(screen.getByTestId("plan-team-allocation-0"));
    await userEvent.type(screen.getByTestId("plan-team-allocation-0"), "101");
    await userEvent.click(screen.getByTestId("plan-save"));
    expect(screen.getByTestId("plan-invalid")).toHaveTextContent("Team member 1's allocation must be a percentage from 0 to 100.");
    // The last member cannot be removed: a team with nobody on it is turned off instead.
    expect(screen.getByRole("button", { name: "Remove" })).toBeDisabled();
    expect(onSave).not.toHaveBeenCalled();
  });
});
