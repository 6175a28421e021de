import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Overview } from "../bindings/Overview";
import type { UnansweredGroup } from "../bindings/UnansweredGroup";
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

function group(key: string, noAnswerCount: number, thumbsDownCount: number): UnansweredGroup {
  return { key, question: `Question ${key}?`, noAnswerCount, thumbsDownCount, lastAskedAt: "2026-12-01T10:00:00Z" };
}

describe("Overview", () => {
  it("is where the app opens, with each figure linking to its page", async () => {
    await renderSignedIn(memberSignedIn("owner"), "", { home_overview: () => overview(), kb_unanswered: () => [] });
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
    expect(screen.queryByTestId("home-unanswered")).not.toBeInTheDocument();
  });

  it("lists the most reported unanswered chatbot questions, linking to the knowledge base's list", async () => {
    await renderSignedIn(memberSignedIn("admin"), "#/home", {
      home_overview: () => overview(),
      kb_unanswered: () => [group("a", 1, 0), group("b", 5, 2), group("c", 2, 0), group("d", 3, 0)],
    });
    const tile = await screen.findByTestId("home-unanswered");
    expect(await within(tile).findByText("4 questions")).toBeInTheDocument();
    expect(within(tile).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Question b?5 times without an answer · 2 thumbs-down",
      "Question d?3 times without an answer · 0 thumbs-down",
      "Question c?2 times without an answer · 0 thumbs-down",
    ]);
    expect(screen.getByTestId("home-unanswered-link")).toHaveAttribute("href", "#/knowledge-base/unanswered");
  });

  it("says plainly that the unanswered questions need the server when it cannot be reached", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/home", {
      home_overview: () => overview(),
      kb_unanswered: () => {
        throw { code: "server_unreachable", message: "Could not reach the server." };
      },
    });
    expect(await screen.findByTestId("home-unanswered-unavailable")).toHaveTextContent("Could not reach the server.");
    expect(screen.getByTestId("home-leads")).toHaveTextContent("4 leads");
  });

  it("does not ask the server for them while offline", async () => {
    const offline = { phase: "offline", online: false, lastSyncedAt: null, pendingEdits: 0, rejectedEdits: 0, conflicts: 0, progress: null, error: null };
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/home", { home_overview: () => overview(), sync_state: () => offline });
    expect(await screen.findByTestId("home-unanswered-unavailable")).toHaveTextContent("cannot be reached now");
    expect(calls.some((c) => c.cmd === "kb_unanswered")).toBe(false);
  });
});
