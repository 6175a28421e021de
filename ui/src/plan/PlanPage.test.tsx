import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { PlanUsage } from "../bindings/PlanUsage";
import { renderSignedIn } from "../test/app";
import { memberSignedIn } from "../test/fixtures";

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
