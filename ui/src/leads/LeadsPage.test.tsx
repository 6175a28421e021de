import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { LeadListQuery } from "../bindings/LeadListQuery";
import { renderSignedIn } from "../test/app";
import { TEAM, memberSignedIn } from "../test/fixtures";
import { allowedCall, detail, lead, listFrom, synced } from "./testLeads";

const LEADS = [
  lead(1, { name: "Ann Lee", stage: "new", tags: ["downtown"] }),
  lead(2, { name: "Bo Diaz", stage: "qualified", source: "web_form" }),
  lead(3, { name: "Cy Park", stage: "qualified", emails: ["cy@park.example"] }),
];

const rows = () => within(screen.getByTestId("lead-table")).queryAllByRole("row").slice(1);
const lastQuery = (calls: { cmd: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.cmd === "list_leads").at(-1)?.args.query as LeadListQuery;

describe("lead table", () => {
  beforeEach(() => localStorage.clear());

  it("filters by stage and searches through the cache query", async () => {
    const calls = await renderSignedIn(memberSignedIn(), "#/leads", {
      list_leads: listFrom(LEADS.map(synced)),
      list_users: () => TEAM,
    });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.selectOptions(screen.getByTestId("filter-stage"), "qualified");
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(lastQuery(calls)).toMatchObject({ stage: "qualified", q: null, after: null });
    await user.type(screen.getByTestId("lead-search"), "park");
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toHaveTextContent("Cy Park");
    expect(lastQuery(calls)).toMatchObject({ stage: "qualified", q: "park" });
    await user.selectOptions(screen.getByTestId("lead-sort"), "name_asc");
    await waitFor(() => expect(lastQuery(calls).sort).toBe("name_asc"));
  });

  it("saves a view locally and brings it back", async () => {
    const calls = await renderSignedIn(memberSignedIn(), "#/leads", {
      list_leads: listFrom(LEADS.map(synced)),
      list_users: () => TEAM,
    });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByTestId("filter-source"), "web_form");
    await user.type(screen.getByTestId("view-name"), "Web forms");
    await user.click(screen.getByTestId("save-view"));
    expect(JSON.parse(localStorage.getItem("brokerdesk.leadViews") ?? "[]")).toEqual([
      expect.objectContaining({ name: "Web forms", filter: expect.objectContaining({ source: "web_form" }) }),
    ]);
    await user.click(screen.getByRole("button", { name: "All leads" }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(screen.getByRole("button", { name: "Web forms" }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(lastQuery(calls).source).toBe("web_form");
  });

  it("moves the ticked leads to a stage as queued edits and shows pending rows and refusals", async () => {
    let current = LEADS.map(synced);
    const calls = await renderSignedIn(memberSignedIn(), "#/leads", {
      list_leads: (args) => listFrom(current)(args),
      list_users: () => TEAM,
      bulk_update_leads: (args) => {
        const ids = args.leadIds as string[];
        current = current.map((r) => (ids.includes(r.lead.id) ? { lead: { ...r.lead, stage: "contacted" }, edit: "pending" } : r));
        return {
          queued: ids.length - 1,
          failed: [{ leadId: ids[1], code: "not_found", message: "No such lead in the local cache." }],
        };
      },
    });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    const boxes = screen.getAllByTestId("lead-select");
    await user.click(boxes[0]!);
    await user.click(boxes[2]!);
    expect(screen.getByTestId("bulk-count")).toHaveTextContent("2 selected");
    await user.selectOptions(screen.getByTestId("bulk-stage"), "contacted");
    const bulk = calls.find((c) => c.cmd === "bulk_update_leads");
    expect(bulk?.args).toMatchObject({ leadIds: [LEADS[0]!.id, LEADS[2]!.id], changes: { stage: "contacted" } });
    expect(await screen.findByTestId("bulk-result")).toHaveTextContent("1 queued for sync · 1 not changed: No such lead in the local cache.");
    await waitFor(() => expect(rows()[0]).toHaveTextContent("Pending sync"));
    expect(rows()[0]).toHaveClass("vtable__row--pending");
    expect(rows()[1]).not.toHaveTextContent("Pending sync");
  });

  it("filters on date ranges (whole local days, the last one included) and keeps them in saved views", async () => {
    const calls = await renderSignedIn(memberSignedIn(), "#/leads", {
      list_leads: listFrom(LEADS.map(synced)),
      list_users: () => TEAM,
    });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(screen.getByText("Dates"));
    await user.type(screen.getByTestId("filter-created-from"), "2026-03-01");
    await user.type(screen.getByTestId("filter-created-to"), "2026-03-31");
    await user.type(screen.getByTestId("filter-activity-from"), "2026-02-15");
    await waitFor(() => expect(lastQuery(calls).activityFrom).not.toBeNull());
    expect(lastQuery(calls)).toMatchObject({
      createdFrom: new Date(2026, 2, 1).toISOString(),
      createdTo: new Date(2026, 3, 1).toISOString(),
      updatedFrom: null,
      updatedTo: null,
      activityFrom: new Date(2026, 1, 15).toISOString(),
      activityTo: null,
    });
    expect(screen.getByText("Dates (2)")).toBeInTheDocument();

    await user.type(screen.getByTestId("view-name"), "March leads");
    await user.click(screen.getByTestId("save-view"));
    expect(JSON.parse(localStorage.getItem("brokerdesk.leadViews") ?? "[]")[0].filter.dates).toEqual({
      created: { from: "2026-03-01", to: "2026-03-31" },
      updated: { from: "", to: "" },
      activity: { from: "2026-02-15", to: "" },
    });
    // Queries already made come from react-query's cache, so read the inputs back.
    await user.click(screen.getByRole("button", { name: "All leads" }));
    await waitFor(() => expect(screen.getByTestId("filter-created-from")).toHaveValue(""));
    expect(screen.getByText("Dates")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "March leads" }));
    await waitFor(() => expect(screen.getByTestId("filter-created-to")).toHaveValue("2026-03-31"));
    expect(screen.getByTestId("filter-activity-from")).toHaveValue("2026-02-15");
    expect(screen.getByText("Dates (2)")).toBeInTheDocument();
  });

  it("reads views saved before date filters existed as having none", async () => {
    localStorage.setItem("brokerdesk.leadViews", JSON.stringify([{ name: "Old view", filter: { q: "", stage: "qualified", agent: "", source: "", tag: "", sort: "updated_desc" } }]));
    const calls = await renderSignedIn(memberSignedIn(), "#/leads", {
      list_leads: listFrom(LEADS.map(synced)),
      list_users: () => TEAM,
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Old view" }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(lastQuery(calls)).toMatchObject({ stage: "qualified", createdFrom: null, activityTo: null });
  });

  it("selects every matching lead beyond the loaded pages and shows bulk progress and what is still to send", async () => {
    const matching = Array.from({ length: 1200 }, (_, i) => lead(i + 1).id);
    let report: ((p: { done: number; total: number }) => void) | undefined;
    let finish: ((v: unknown) => void) | undefined;
    let pending = 1200;
    const calls = await renderSignedIn(memberSignedIn(), "#/leads", {
      list_leads: listFrom(LEADS.map(synced)),
      list_users: () => TEAM,
      matching_lead_ids: () => matching,
      bulk_update_leads: (args) => {
        const channel = args.onProgress as { onmessage: (p: { done: number; total: number }) => void };
        report = (p) => channel.onmessage(p);
        return new Promise((resolve) => (finish = resolve));
      },
      sync_state: () => ({
        phase: "pushing",
        online: true,
        lastSyncedAt: null,
        pendingEdits: pending,
        rejectedEdits: 0,
        conflicts: 0,
        progress: null,
        error: null,
      }),
    });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByTestId("filter-stage"), "qualified");
    await user.click(screen.getByTestId("select-matching"));
    expect(await screen.findByTestId("bulk-count")).toHaveTextContent("1,200 selected");
    expect(calls.find((c) => c.cmd === "matching_lead_ids")?.args.query).toMatchObject({ stage: "qualified", after: null });
    await user.selectOptions(screen.getByTestId("bulk-stage"), "nurture");
    await waitFor(() => expect(report).toBeDefined());
    report!({ done: 600, total: 1200 });
    const bar = await screen.findByTestId("bulk-progress");
    expect(bar).toHaveAttribute("value", "600");
    expect(bar).toHaveAttribute("max", "1200");
    expect((calls.find((c) => c.cmd === "bulk_update_leads")?.args.leadIds as string[]).length).toBe(1200);
    finish!({ queued: 1200, failed: [] });
    expect(await screen.findByTestId("bulk-result")).toHaveTextContent("1,200 queued for sync");
    expect(await screen.findByTestId("bulk-pending")).toHaveTextContent("1,200 edits still to send");
    pending = 200;
    await waitFor(() => expect(screen.getByTestId("bulk-pending")).toHaveTextContent("200 edits still to send"), { timeout: 3000 });
    pending = 0;
    await waitFor(() => expect(screen.getByTestId("bulk-pending")).toHaveTextContent("all sent to the server"), { timeout: 3000 });
  });

  it("assigns in bulk only for roles that write every lead", async () => {
    await renderSignedIn(memberSignedIn("agent"), "#/leads", {
      list_leads: listFrom(LEADS.map(synced)),
      list_users: () => TEAM,
    });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.getByTestId("bulk-stage")).toBeInTheDocument();
    expect(screen.queryByTestId("bulk-assign")).toBeNull();
    expect(screen.queryByTestId("import-leads")).toBeNull();
  });

  it("gives viewers a read-only table and detail", async () => {
    await renderSignedIn(memberSignedIn("viewer"), "#/leads", {
      list_leads: listFrom(LEADS.map(synced)),
      list_users: () => TEAM,
      lead_detail: () => detail(LEADS[0]!),
      call_check: () => allowedCall,
      dnc_list: () => [],
    });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.queryByTestId("new-lead")).toBeNull();
    expect(screen.queryByTestId("bulk-bar")).toBeNull();
    expect(screen.queryAllByTestId("lead-select")).toHaveLength(0);
    await user.click(rows()[0]!);
    expect(await screen.findByTestId("lead-read-only")).toBeInTheDocument();
    expect(screen.getByTestId("lead-name")).toBeDisabled();
    expect(screen.queryByTestId("lead-save")).toBeNull();
  });

  it("mounts only the rows in view and reads the next page near the end", async () => {
    const many = Array.from({ length: 200 }, (_, i) => synced(lead(i + 1)));
    const calls = await renderSignedIn(memberSignedIn(), "#/leads", {
      list_leads: (args) => {
        const after = (args.query as LeadListQuery).after;
        return after ? { rows: [synced(lead(999, { name: "Last page lead" }))], nextCursor: null } : { rows: many, nextCursor: "page-2" };
      },
      list_users: () => TEAM,
    });
    expect(await screen.findByTestId("lead-count")).toHaveTextContent("200+ leads");
    expect(rows().length).toBeLessThan(60);
    const scroller = screen.getByTestId("lead-table").querySelector("[data-virtual-scroll]")!;
    scroller.scrollTop = 200 * 44;
    scroller.dispatchEvent(new Event("scroll"));
    await waitFor(() => expect(screen.getByTestId("lead-count")).toHaveTextContent("201 leads"));
    expect(calls.filter((c) => c.cmd === "list_leads").map((c) => (c.args.query as LeadListQuery).after)).toContain("page-2");
  });
});
