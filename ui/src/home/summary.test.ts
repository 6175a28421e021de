import { describe, expect, it } from "vitest";
import { leadSummary, plural } from "./summary";

describe("overview summaries", () => {
  it("totals new leads and names their sources, largest first", () => {
    const summary = leadSummary([
      { source: "chatbot", leads: 2 },
      { source: null, leads: 1 },
      { source: "web_form", leads: 5 },
    ]);
    expect(summary.total).toBe(8);
    expect(summary.parts[0]).toMatch(/ 5$/);
    expect(summary.parts[2]).toBe("No source 1");
  });

  it("counts in words", () => {
    expect(plural(1, "deal")).toBe("1 deal");
    expect(plural(1200, "deal")).toBe("1,200 deals");
    expect(plural(0, "agent")).toBe("0 agents");
  });
});
