import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Plan } from "../bindings/Plan";
import type { PlanOption } from "../bindings/PlanOption";
import type { PlanUsage } from "../bindings/PlanUsage";
import { renderSignedIn } from "../test/app";
import { memberSignedIn, supportSignedIn } from "../test/fixtures";

function starter(overrides: Partial<PlanUsage> = {}): PlanUsage {
  return {
    plan: {
      tier: "starter",
      name: "Starter",
      limits: {
        leads: { kind: "at_most", value: 1000 },
        aiCallsPerMonth: { kind: "at_most", value: 500 },
        users: { kind: "at_most", value: 3 },
        storageBytes: { kind: "at_most", value: 10_000_000_000 },
        transactions: { kind: "at_most", value: 10_000 },
      },
      features: {
        callRecording: true,
        customBranding: false,
        apiAccess: true,
        customDomain: true,
        prioritySupport: false,
        dedicatedInstance: false,
      },
      requestsPer15Min: 500,
    },
    status: "active",
    trialEndsAt: null,
    usage: { users: 3, invitedUsers: 1, leads: 850, aiCallsThisMonth: 12, storageBytes: 2_500_000_000 },
    ...overrides,
  };
}

describe("plan and usage", () => {
  it("shows each limit's use, warns near it and says what happens at it", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/plan", { plan_usage: () => starter() });
    expect(await screen.findByTestId("plan-name")).toHaveTextContent("Starter");
    const users = screen.getByTestId("usage-users");
    expect(users).toHaveAttribute("data-state", "full");
    expect(users).toHaveTextContent("3 of 3");
    expect(users).toHaveTextContent("new invitations are refused");
    expect(screen.getByTestId("usage-leads")).toHaveAttribute("data-state", "near");
    expect(screen.getByTestId("usage-calls")).toHaveAttribute("data-state", "ok");
    expect(screen.getByTestId("usage-storage")).toHaveTextContent("2.5 GB of 10 GB");
    // Members never see the staff-only plan change.
    expect(screen.queryByTestId("change-plan-open")).not.toBeInTheDocument();
  });

  it("explains a suspension", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/plan", { plan_usage: () => starter({ status: "suspended" }) });
    const status = await screen.findByTestId("plan-status");
    expect(status).toHaveAttribute("data-state", "suspended");
    expect(status).toHaveTextContent("no changes are accepted");
  });
});

/** A plan like Starter with other limits, enough to tell the options apart. */
function plan(tier: Plan["tier"], name: string, users: number | null, leads: number | null): Plan {
  const limit = (n: number | null) => (n === null ? { kind: "unlimited" as const } : { kind: "at_most" as const, value: n });
  const base = starter().plan;
  return { ...base, tier, name, limits: { ...base.limits, users: limit(users), leads: limit(leads) } };
}

const FREE_EXCESS = [
  "Free allows 1 user; you have 3. Deactivate 2 members or withdraw pending invitations.",
  "Free allows 100 leads; you have 850. Erase 750 leads.",
];

/** A Professional brokerage: too big for Free, small enough for Starter. */
function options(): PlanOption[] {
  return [
    {
      plan: plan("free", "Free", 1, 100),
      direction: "downgrade",
      excess: [
        { kind: "users", inUse: 3, allowed: 1, message: FREE_EXCESS[0]! },
        { kind: "leads", inUse: 850, allowed: 100, message: FREE_EXCESS[1]! },
      ],
    },
    { plan: plan("starter", "Starter", 3, 1000), direction: "downgrade", excess: [] },
    { plan: plan("professional", "Professional", 10, 10_000), direction: "current", excess: [] },
    { plan: plan("enterprise", "Enterprise", null, null), direction: "upgrade", excess: [] },
  ];
}

function ownPlanHandlers(overrides: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  return {
    plan_usage: () => starter({ plan: plan("professional", "Professional", 10, 10_000) }),
    plan_options: () => options(),
    audit_trail: () => [],
    ...overrides,
  };
}

describe("the owner's change of plan", () => {
  it("lists every plan with its limits and direction, and what a downgrade needs first", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/plan", ownPlanHandlers());
    const free = await screen.findByTestId("plan-option-free");
    expect(free).toHaveAttribute("data-direction", "downgrade");
    expect(free).toHaveTextContent("1 user · 100 leads · 10 GB of storage · 500 AI calls a month · 10,000 transactions");
    const excess = within(screen.getByTestId("plan-excess-free"));
    expect(excess.getByText("To move to Free, first:")).toBeInTheDocument();
    expect(excess.getAllByRole("listitem").map((li) => li.textContent)).toEqual(FREE_EXCESS);
    // The server would refuse it, so it is not offered.
    expect(screen.getByTestId("plan-choose-free")).toHaveTextContent("Move to Free");
    expect(screen.getByTestId("plan-choose-free")).toBeDisabled();

    expect(screen.getByTestId("plan-choose-starter")).toHaveTextContent("Move to Starter");
    expect(screen.getByTestId("plan-choose-starter")).toBeEnabled();
    expect(screen.queryByTestId("plan-excess-starter")).toBeNull();
    expect(screen.getByTestId("plan-choose-professional")).toHaveTextContent("Current plan");
    expect(screen.getByTestId("plan-choose-professional")).toBeDisabled();
    expect(screen.getByTestId("plan-option-enterprise")).toHaveTextContent("Unlimited users · Unlimited leads");
    expect(screen.getByTestId("plan-choose-enterprise")).toHaveTextContent("Upgrade to Enterprise");
    expect(screen.getByTestId("plan-choose-enterprise")).toBeEnabled();
  });

  it("upgrades after saying what changes, then reads the plan and the options again", async () => {
    const calls = await renderSignedIn(
      memberSignedIn("owner"),
      "#/plan",
      ownPlanHandlers({ change_plan: () => starter({ plan: plan("enterprise", "Enterprise", null, null) }) }),
    );
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("plan-choose-enterprise"));
    const dialog = screen.getByTestId("confirm-plan-change");
    expect(dialog).toHaveTextContent("Upgrade to Enterprise?");
    expect(dialog).toHaveTextContent("Your limits change at once");
    expect(dialog).toHaveTextContent("Payment is not handled in the app.");
    const readsBefore = calls.filter((c) => c.cmd === "plan_usage" || c.cmd === "plan_options").length;
    await user.click(screen.getByTestId("confirm-plan-change-confirm"));

    await waitFor(() => expect(screen.queryByTestId("confirm-plan-change")).toBeNull());
    expect(calls.filter((c) => c.cmd === "change_plan").map((c) => c.args)).toEqual([{ request: { plan: "enterprise" } }]);
    const reads = calls.filter((c) => c.cmd === "plan_usage" || c.cmd === "plan_options").slice(readsBefore);
    expect(reads.map((c) => c.cmd).sort()).toEqual(["plan_options", "plan_usage"]);
  });

  it("shows the server's refusal in the dialog", async () => {
    const refusal = "You can't move to Starter yet: Starter allows 3 users; you have 4. Deactivate 1 member or withdraw pending invitations.";
    await renderSignedIn(
      memberSignedIn("owner"),
      "#/plan",
      ownPlanHandlers({
        change_plan: () => {
          throw { code: "plan_does_not_fit", message: refusal };
        },
      }),
    );
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("plan-choose-starter"));
    expect(screen.getByTestId("confirm-plan-change")).toHaveTextContent("Move to Starter?");
    await user.click(screen.getByTestId("confirm-plan-change-confirm"));
    const dialog = screen.getByTestId("confirm-plan-change");
    expect(await within(dialog).findByText(refusal)).toBeInTheDocument();
    expect(dialog).toHaveTextContent("plan_does_not_fit");
  });

  it("lists nothing to remove for the current plan, even when over it", async () => {
    const over = options().map((o) =>
      o.direction === "current" ? { ...o, excess: [{ kind: "users" as const, inUse: 11, allowed: 10, message: "Professional allows 10 users; you have 11." }] } : o,
    );
    await renderSignedIn(memberSignedIn("owner"), "#/plan", ownPlanHandlers({ plan_options: () => over }));
    expect(await screen.findByTestId("plan-option-professional")).not.toHaveTextContent("you have 11");
    expect(screen.queryByTestId("plan-excess-professional")).toBeNull();
    expect(screen.getByTestId("plan-excess-free")).toBeInTheDocument();
  });

  it.each([
    ["an admin", memberSignedIn("admin")],
    ["platform staff in a support session as the owner", supportSignedIn("owner")],
  ])("is not offered to %s", async (_who, signedIn) => {
    const calls = await renderSignedIn(signedIn, "#/plan", ownPlanHandlers());
    expect(await screen.findByTestId("plan-name")).toHaveTextContent("Professional");
    expect(screen.queryByTestId("plan-options")).toBeNull();
    expect(calls.some((c) => c.cmd === "plan_options")).toBe(false);
  });
});
