import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ExportJob } from "../bindings/ExportJob";
import type { TransferProgress } from "../bindings/TransferProgress";
import { renderSignedIn, type Handlers } from "../test/app";
import { defaultSettings, edited, memberSignedIn } from "../test/fixtures";
import { EXPORT_POLL_MS } from "./ExportCard";

const job = (overrides: Partial<ExportJob> = {}): ExportJob => ({
  id: "0193a6f0-0000-7000-8000-00000000e001",
  status: "queued",
  requestedBy: "u-owner",
  createdAt: "2026-12-11T10:00:00Z",
  startedAt: null,
  finishedAt: null,
  expiresAt: null,
  rowsDone: 0,
  rowsTotal: 0,
  fileBytes: null,
  sha256: null,
  errorCode: null,
  ...overrides,
});

async function settingsWith(handlers: Handlers, role: "owner" | "admin" = "owner") {
  return renderSignedIn(memberSignedIn(role), "#/settings", {
    tenant_settings: () => edited(defaultSettings()),
    provider_keys: () => [],
    api_keys: () => [],
    rejected_edits: () => [],
    audit_trail: () => [],
    dotloop_status: () => ({
      status: { configured: false, connected: false, status: null, account: null, connectedAt: null, latestRun: null, lastSuccessfulRun: null },
      seenAt: "2026-12-11T10:00:00Z",
      offline: false,
    }),
    ...handlers,
  });
}

describe("Export all data", () => {
  it("shows the job's progress while it runs, then opens the save dialog and streams the file with its own bar", async () => {
    let stage: "none" | "running" | "completed" = "none";
    let report: (p: TransferProgress) => void = () => {};
    let finishSave: (path: string | null) => void = () => {};
    const calls = await settingsWith({
      export_jobs: () => {
        if (stage === "none") return [];
        if (stage === "running") return [job({ status: "running", rowsDone: 2500, rowsTotal: 10000 })];
        return [job({ status: "completed", rowsDone: 10000, rowsTotal: 10000, finishedAt: "2026-12-11T10:01:00Z", expiresAt: "2026-12-18T10:01:00Z", fileBytes: 4096 })];
      },
      start_export: () => {
        stage = "running";
        return job();
      },
      save_export: (args) => {
        const channel = args.onProgress as { onmessage: (p: TransferProgress) => void };
        report = (p) => channel.onmessage(p);
        return new Promise((resolve) => {
          finishSave = resolve;
        });
      },
    });
    const start = await screen.findByTestId("export-start");
    expect(screen.queryByTestId("export-running")).not.toBeInTheDocument();
    await userEvent.setup().click(start);

    // The job runs: a bar of records, polled; starting again is not offered meanwhile.
    const bar = await screen.findByTestId("export-progress");
    expect(bar).toHaveAttribute("value", "2500");
    expect(bar).toHaveAttribute("max", "10000");
    expect(screen.getByTestId("export-progress-text")).toHaveTextContent("2,500 of 10,000 records");
    expect(screen.getByTestId("export-start")).toBeDisabled();
    expect(calls.some((c) => c.cmd === "save_export")).toBe(false);

    // It completes: the save dialog opens by itself (the shell's), for this export.
    stage = "completed";
    await waitFor(() => expect(calls.filter((c) => c.cmd === "save_export")).toHaveLength(1), { timeout: EXPORT_POLL_MS * 3 });
    expect(calls.find((c) => c.cmd === "save_export")?.args).toMatchObject({ exportId: job().id, path: null });
    report({ done: 1024, total: 4096 });
    expect(await screen.findByTestId("export-download-text")).toHaveTextContent("1,024 of 4,096 bytes");
    finishSave("/home/owner/Downloads/brokerdesk-export-2026-12-11.zip");
    expect(await screen.findByTestId("export-saved")).toHaveTextContent("/home/owner/Downloads/brokerdesk-export-2026-12-11.zip");
    expect(screen.queryByTestId("export-download")).not.toBeInTheDocument();
    expect(screen.getByTestId("export-completed")).toHaveTextContent("10,000 records");
    // Only once: the poll stopped, and the dialog does not open again by itself.
    await new Promise((resolve) => setTimeout(resolve, EXPORT_POLL_MS * 1.5));
    expect(calls.filter((c) => c.cmd === "save_export")).toHaveLength(1);
  });

  it("says so when the dialog is cancelled, and saves again from Save…", async () => {
    let answer: string | null = null;
    const calls = await settingsWith({
      export_jobs: () => [job({ status: "completed", rowsDone: 12, rowsTotal: 12, finishedAt: "2026-12-11T10:01:00Z", expiresAt: "2026-12-18T10:01:00Z" })],
      save_export: () => answer,
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("export-save"));
    expect(await screen.findByTestId("export-not-saved")).toHaveTextContent("Not saved");
    answer = "/tmp/export.zip";
    await user.click(screen.getByTestId("export-save"));
    expect(await screen.findByTestId("export-saved")).toHaveTextContent("/tmp/export.zip");
    expect(calls.filter((c) => c.cmd === "save_export")).toHaveLength(2);
  });

  it("shows the server's refusal (one running, the daily limit) and a failed job", async () => {
    await settingsWith({
      export_jobs: () => [job({ status: "failed", errorCode: "interrupted" })],
      start_export: () => {
        throw { code: "export_daily_limit", message: "A brokerage can start 3 exports a day. The next one can start at 2026-12-12 09:00 UTC." };
      },
    });
    expect(await screen.findByTestId("export-failed")).toHaveTextContent("The server stopped while writing it.");
    await userEvent.setup().click(screen.getByTestId("export-start"));
    expect(await screen.findByTestId("export-start-error")).toHaveTextContent("The next one can start at 2026-12-12 09:00 UTC");
  });

  it("is not shown to those who may not export (an admin)", async () => {
    const calls = await settingsWith({}, "admin");
    await screen.findByTestId("settings-timezone");
    expect(screen.queryByTestId("export-card")).not.toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "export_jobs")).toBe(false);
  });
});
