import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { memberSignedIn } from "../test/fixtures";
import { renderSignedIn } from "../test/app";
import { reportView } from "./testReports";

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="360"><text>Monthly GCI</text></svg>';

function handlers(overrides: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  return {
    report_view: () => reportView(),
    report_charts: () => [{ id: "monthlyGci", svg: SVG }],
    report_drilldown: () => [
      {
        dealId: "d1",
        dealName: "12 Harbor Rd",
        agentName: "Alice Agent",
        role: "Agent",
        pending: false,
        closingDate: "2026-03-14",
        gci: "20000.00",
        agentGross: "14000.00",
        agentNet: "13500.00",
        companyDollar: "6500.00",
        trace: [{ rule: "Company split", inputs: "splittable $20,000.00, company 30%", result: "$6,000.00", note: null }],
      },
    ],
    ...overrides,
  };
}

describe("Reports page", () => {
  it("asks for year to date with last year beside it, and shows figures, freshness, caps and charts", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/reports", handlers());
    expect(await screen.findByTestId("report-figure-gci")).toHaveTextContent("$30K");
    expect(screen.getByTestId("report-figure-gci")).toHaveTextContent("+50.0% vs $20,000.00 last year");
    const asked = calls.find((c) => c.cmd === "report_view")!.args.request as Record<string, unknown>;
    expect(asked).toMatchObject({ groupBy: "agent", basis: "closed", compare: { kind: "previousYear" } });
    expect((asked.period as { from: string }).from).toMatch(/-01-01$/);
    expect(screen.getByTestId("report-as-of")).toHaveTextContent(/^As of /);
    expect(screen.getByTestId("report-table")).toHaveTextContent("GCI last year");
    expect(screen.getByTestId("cap-card")).toHaveTextContent("$15,000.00 of $20,000.00");
    expect(screen.getByTestId("cap-card")).toHaveTextContent("Projected to cap on Dec 20, 2026");
    expect(await screen.findByTestId("chart-monthlyGci")).toContainHTML("<svg");
  });

  it("opens the lines behind a row with their traces, and exports that agent's statement", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/reports", { ...handlers(), export_report: () => ({ path: "/tmp/statement.pdf", bytes: 2048 }) });
    await userEvent.click(await screen.findByTestId("report-open-Alice Agent"));
    const dialog = await screen.findByTestId("drill-dialog");
    await userEvent.click(await within(dialog).findByTestId("drill-line"));
    expect(within(dialog).getByTestId("drill-trace")).toHaveTextContent("Company split: splittable $20,000.00, company 30% = $6,000.00");
    expect(calls.find((c) => c.cmd === "report_drilldown")!.args.key).toBe('{"kind":"agent","value":"a1"}');
    await userEvent.click(within(dialog).getByTestId("drill-statement"));
    expect(await screen.findByTestId("export-done")).toHaveTextContent("/tmp/statement.pdf");
    expect(calls.find((c) => c.cmd === "export_report")!.args.export).toEqual({ kind: "statement", agent: "a1" });
  });

  it("exports a PDF to the chosen folder and says where it went", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/reports", {
      ...handlers(),
      export_report: () => ({ path: "/tmp/out/production.pdf", bytes: 40960 }),
    });
    await userEvent.type(await screen.findByTestId("export-folder"), "/tmp/out");
    await userEvent.click(screen.getByTestId("export-pdf"));
    expect(await screen.findByTestId("export-done")).toHaveTextContent("Saved 40 KB to /tmp/out/production.pdf");
    const exported = calls.find((c) => c.cmd === "export_report")!.args;
    expect(exported).toMatchObject({ export: { kind: "pdf" }, folder: "/tmp/out" });
  });

  it("tells an agent the figures are their own and offers no team or office grouping", async () => {
    await renderSignedIn(memberSignedIn("agent"), "#/reports", handlers({ report_view: () => reportView({ seesEveryone: false, agentName: "Alice Agent" }) }));
    await waitFor(() => expect(screen.getByText(/Your own production as Alice Agent/)).toBeInTheDocument());
    const options = [...(screen.getByTestId("report-group") as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(["agent", "month", "year"]);
  });
});
