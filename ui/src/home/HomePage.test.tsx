import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Overview } from "../bindings/Overview";
import { memberSignedIn } from "../test/fixtures";
import { renderSignedIn } from "../test/app";

function overview(): Overview {
  const deal = { id: "t1", name: "12 Harbor Rd", closingDate: "2026-12-10", agents: ["Alice Agent"], findings: 2 };
  return {
    asOf: "2026-12-02T14:00:00Z",
    newLeads: [
      { source: "web_form", leads: 3 },
      { source: "chatbot", leads: 1 },
    ],
    gciMonthToDate: { period: { from: "2026-12-01", to: "2026-12-02" }, gci: "12000.00", lastYearGci: "10000.00", deals: 2 },
    closingSoon: { total: 1, deals: [deal] },
    stalePending: { total: 0, deals: [] },
    nearCap: [{ agentName: "Alice Agent", cap: "20000.00", counted: "18000.00", leftToCap: "2000.00", capYearEnd: "2027-01-01", cappedOn: null, projectedCapDate: null }],
    withFindings: { total: 1, deals: [deal] },
  };
}

describe("Overview", () => {
  it("is where the app opens, with each figure linking to its page", async () => {
    await renderSignedIn(memberSignedIn("owner"), "", { home_overview: () => overview() });
    expect(await screen.findByTestId("home-leads")).toHaveTextContent("4 leads");
    expect(screen.getByTestId("home-leads-link")).toHaveAttribute("href", "#/leads");
    expect(screen.getByTestId("home-gci")).toHaveTextContent("$12,000.00");
    expect(screen.getByTestId("home-gci")).toHaveTextContent("(+20.0%)");
    expect(screen.getByTestId("home-gci-link")).toHaveAttribute("href", "#/reports");
    expect(screen.getByTestId("home-closing")).toHaveTextContent("12 Harbor Rd");
    expect(screen.getByTestId("home-stale")).toHaveTextContent("No stale pending deals.");
    expect(screen.getByTestId("home-health")).toHaveTextContent("2 findings");
    expect(screen.getByTestId("home-cap")).toHaveTextContent("90% · $2,000.00 left");
  });

  it("leaves out what the member may not see", async () => {
    await renderSignedIn(memberSignedIn("agent"), "#/home", { home_overview: () => ({ ...overview(), gciMonthToDate: null }) });
    await screen.findByTestId("home-closing");
    expect(screen.queryByTestId("home-gci")).not.toBeInTheDocument();
    expect(screen.queryByTestId("home-cap")).not.toBeInTheDocument();
  });
});
