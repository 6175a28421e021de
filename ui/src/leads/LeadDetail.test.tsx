import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import { SYNC_STATE_EVENT } from "../sync/api";
import type { LeadDetail } from "../bindings/LeadDetail";
import type { SyncUpdate } from "../bindings/SyncUpdate";
import type { TransferProgress } from "../bindings/TransferProgress";
import { renderSignedIn } from "../test/app";
import { TEAM, memberSignedIn } from "../test/fixtures";
import { allowedCall, detail, lead, listFrom, synced } from "./testLeads";

const ANN = lead(1, { name: "Ann Lee", phones: ["+14155550100", "+14155550111"] });

async function openAnn(handlers: Record<string, (args: Record<string, unknown>) => unknown>) {
  const calls = await renderSignedIn(memberSignedIn(), "#/leads", {
    list_leads: listFrom([synced(ANN)]),
    list_users: () => TEAM,
    call_check: () => allowedCall,
    dnc_list: () => [],
    ...handlers,
  });
  const user = userEvent.setup();
  const row = await within(await screen.findByTestId("lead-table")).findByText("Ann Lee");
  await user.click(row);
  await screen.findByTestId("lead-form");
  return { calls, user };
}

describe("lead detail", () => {
  it("saves only the changed fields to the outbox and shows the lead as pending", async () => {
    let current: LeadDetail = detail(ANN);
    const { calls, user } = await openAnn({
      lead_detail: () => current,
      update_lead: (args) => {
        const changes = args.changes as { stage: LeadDetail["lead"]["stage"] };
        current = detail({ ...ANN, ...changes }, {
          edit: "pending",
          timeline: [{ kind: "stage_changed", at: "2026-03-03T10:00:00Z", by: null, from: "new", to: changes.stage, pending: true }, ...current.timeline],
        });
        return current.lead;
      },
    });
    expect(screen.queryByTestId("lead-edit-state")).toBeNull();
    await user.selectOptions(screen.getByTestId("lead-stage"), "appointment");
    await user.click(screen.getByTestId("lead-save"));
    expect(calls.find((c) => c.cmd === "update_lead")?.args).toEqual({ leadId: ANN.id, changes: { stage: "appointment" } });
    expect(await screen.findByTestId("lead-edit-state")).toHaveTextContent("Pending sync");
    const timeline = screen.getByTestId("lead-timeline");
    expect(within(timeline).getAllByRole("listitem")[0]).toHaveTextContent("Stage: New → AppointmentPending sync");
  });

  it("keeps what the user is typing when a sync brings a newer copy of the lead", async () => {
    let current = detail(ANN);
    let syncedAt = "2026-03-03T10:00:00Z";
    const { calls, user } = await openAnn({
      lead_detail: () => current,
      update_lead: () => current.lead,
      sync_state: () => ({
        phase: "waiting",
        online: true,
        lastSyncedAt: syncedAt,
        pendingEdits: 0,
        rejectedEdits: 0,
        conflicts: 0,
        progress: null,
        error: null,
      }),
    });
    await user.type(screen.getByTestId("lead-notes"), "Prefers mornings.");
    // Someone else retagged the lead; the sync brings it in while the notes are typed.
    current = detail({ ...ANN, tags: ["investor"], version: 2 });
    syncedAt = "2026-03-03T10:05:00Z";
    const update: SyncUpdate = {
      state: { phase: "waiting", online: true, lastSyncedAt: syncedAt, pendingEdits: 0, rejectedEdits: 0, conflicts: 0, progress: null, error: null },
      dataChanged: true,
    };
    await act(() => emit(SYNC_STATE_EVENT, update));
    await waitFor(() => expect(screen.getByTestId("lead-tags")).toHaveValue("investor"), { timeout: 4000 });
    expect(screen.getByTestId("lead-notes")).toHaveValue("Prefers mornings.");
    await user.click(screen.getByTestId("lead-save"));
    expect(calls.find((c) => c.cmd === "update_lead")?.args).toEqual({ leadId: ANN.id, changes: { notes: "Prefers mornings." } });
  });

  it("shows why the server refused an edit", async () => {
    await openAnn({
      lead_detail: () =>
        detail(ANN, {
          edit: "rejected",
          rejections: [{ code: "forbidden", message: "Agents can only change leads assigned to them.", fields: ["assignedAgent"], at: "2026-03-03T10:00:00Z" }],
        }),
    });
    expect(screen.getByTestId("lead-edit-state")).toHaveTextContent("Edit rejected");
    expect(screen.getByTestId("lead-rejection")).toHaveTextContent("The server refused an edit of assignedAgent: Agents can only change leads assigned to them.");
  });

  it("says whether the lead may be called now, and why, per number and kind of call", async () => {
    const { calls, user } = await openAnn({
      lead_detail: () => detail(ANN),
      call_check: (args) =>
        args.kind === "ai_voice"
          ? {
              allowed: false,
              reason: "no_written_consent",
              message: "An AI voice call to +14155550111 needs prior express written consent, and none is on file.",
              localTime: "10:15",
              timeZone: "America/New_York",
            }
          : allowedCall,
    });
    await user.selectOptions(screen.getByRole("combobox", { name: "Number" }), "+14155550111");
    const indicator = await screen.findByTestId("call-indicator");
    await waitFor(() => expect(indicator).toHaveAttribute("data-allowed", "false"));
    expect(indicator).toHaveTextContent("Do not call now · No written consent");
    expect(screen.getByTestId("call-reason")).toHaveTextContent("needs prior express written consent");
    await user.selectOptions(screen.getByRole("combobox", { name: "Kind of call" }), "human");
    await waitFor(() => expect(screen.getByTestId("call-indicator")).toHaveAttribute("data-allowed", "true"));
    expect(calls.filter((c) => c.cmd === "call_check").at(-1)?.args).toEqual({ leadId: ANN.id, phone: "+14155550111", kind: "human" });
  });
});

describe("import and export", () => {
  it("previews row errors and imports only the valid rows when asked", async () => {
    const calls = await renderSignedIn(memberSignedIn(), "#/leads", {
      list_leads: listFrom([]),
      list_users: () => TEAM,
      preview_lead_import: () => ({
        validRows: 2,
        invalidRows: 1,
        rows: [
          { line: 2, name: "Ann Lee", valid: true, errors: [] },
          { line: 3, name: "Bo", valid: false, errors: [{ column: "phones", code: "invalid_phone", message: "\"12\" is not a phone number." }] },
          { line: 4, name: "Cy", valid: true, errors: [] },
        ],
      }),
      apply_lead_import: () => ({ leadIds: ["a", "b"], skippedLines: [3] }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("import-leads"));
    const file = new File(["name,phones\nAnn Lee,+14155550100\nBo,12\nCy,\n"], "leads.csv", { type: "text/csv" });
    await user.upload(screen.getByTestId("import-file"), file);
    expect(await screen.findByTestId("import-summary")).toHaveTextContent("2 valid, 1 with errors.");
    const bad = screen.getAllByTestId("import-error-row");
    expect(bad).toHaveLength(1);
    expect(bad[0]).toHaveTextContent('Line 3Bophones: "12" is not a phone number.');
    await user.click(screen.getByTestId("import-apply"));
    expect(await screen.findByTestId("import-done")).toHaveTextContent("Imported 2 leads; skipped lines 3.");
    expect(calls.find((c) => c.cmd === "apply_lead_import")?.args).toMatchObject({ csv: "name,phones\nAnn Lee,+14155550100\nBo,12\nCy,\n" });
  });

  it("shows determinate import progress, rows queued out of the valid rows", async () => {
    let report: ((p: TransferProgress) => void) | undefined;
    let finish: ((v: unknown) => void) | undefined;
    await renderSignedIn(memberSignedIn(), "#/leads", {
      list_leads: listFrom([]),
      list_users: () => TEAM,
      preview_lead_import: () => ({ validRows: 1000, invalidRows: 0, rows: [] }),
      apply_lead_import: (args) => {
        const channel = args.onProgress as { onmessage: (p: TransferProgress) => void };
        report = (p) => channel.onmessage(p);
        return new Promise((resolve) => (finish = resolve));
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("import-leads"));
    await user.upload(screen.getByTestId("import-file"), new File(["name\nAnn\n"], "leads.csv", { type: "text/csv" }));
    await user.click(await screen.findByTestId("import-apply"));
    await waitFor(() => expect(report).toBeDefined());
    report!({ done: 250, total: 1000 });
    const bar = await screen.findByTestId("import-progress");
    expect(bar).toHaveAttribute("value", "250");
    expect(bar).toHaveAttribute("max", "1000");
    expect(screen.getByTestId("import-progress-text")).toHaveTextContent("250 of 1,000 rows");
    finish!({ leadIds: ["a"], skippedLines: [] });
    expect(await screen.findByTestId("import-done")).toHaveTextContent("Imported 1 lead. They show as pending until the server has them.");
  });

  it("exports what the filters match, with progress reported from Rust", async () => {
    let report: ((p: TransferProgress) => void) | undefined;
    let finish: ((v: unknown) => void) | undefined;
    const calls = await renderSignedIn(memberSignedIn(), "#/leads", {
      list_leads: listFrom([]),
      list_users: () => TEAM,
      export_leads: (args) => {
        const channel = args.onProgress as { onmessage: (p: TransferProgress) => void };
        report = (p) => channel.onmessage(p);
        return new Promise((resolve) => (finish = resolve));
      },
    });
    const user = userEvent.setup();
    expect(await screen.findByTestId("export-leads")).toHaveTextContent("Export CSV");
    await user.selectOptions(screen.getByTestId("filter-stage"), "qualified");
    await waitFor(() => expect(screen.getByTestId("export-leads")).toHaveTextContent("Export filtered CSV"));
    await user.click(screen.getByTestId("export-leads"));
    await waitFor(() => expect(report).toBeDefined());
    expect(calls.find((c) => c.cmd === "export_leads")?.args.query).toMatchObject({ stage: "qualified", q: null });
    report!({ done: 500, total: 2000 });
    const bar = await screen.findByTestId("export-progress");
    expect(bar).toHaveAttribute("value", "500");
    expect(bar).toHaveAttribute("max", "2000");
    expect(screen.getByTestId("export-leads")).toHaveTextContent("Exporting…");
    finish!({ path: "/home/dana/Downloads/leads-2026-03-03.csv", leads: 2000 });
    expect(await screen.findByTestId("export-done")).toHaveTextContent("2,000 leads saved to /home/dana/Downloads/leads-2026-03-03.csv");
  });
});
