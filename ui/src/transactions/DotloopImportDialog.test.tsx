import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DotloopImportPreview } from "../bindings/DotloopImportPreview";
import type { TransferProgress } from "../bindings/TransferProgress";
import { renderSignedIn } from "../test/app";
import { memberSignedIn } from "../test/fixtures";
import { pagesOf } from "./testTransactions";

const PREVIEW: DotloopImportPreview = {
  encoding: "windows1252",
  notices: ["The file is not UTF-8; it was read as Windows-1252 (as Excel saves CSV on Windows) and converted. Check names with accents."],
  rows: [
    { lines: [2], loopViewId: "34523401", name: "12 Harbor Rd", action: "create", changedFields: [], findings: [] },
    { lines: [3, 9], loopViewId: "34523402", name: "9 Elm St", action: "update", changedFields: ["status", "salePrice"], findings: [] },
    {
      lines: [4],
      loopViewId: "34523403",
      name: "77 Ocean Ave",
      action: "unchanged",
      changedFields: [],
      findings: [{ column: "Financials / Earnest Money Amount", value: "TBD", code: "placeholder_value", message: "left empty" }],
    },
    { lines: [8], loopViewId: null, name: "Stray line", action: "invalid", changedFields: [], findings: [] },
  ],
  created: 1,
  updated: 1,
  unchanged: 1,
  invalid: 1,
  mergedDuplicateLines: 1,
  findings: 1,
};

// Windows-1252 bytes (é is 0xE9): the dialog must hand them to Rust as they are.
const BYTES = new Uint8Array([0x4c, 0x6f, 0x6f, 0x70, 0x20, 0x56, 0x69, 0x65, 0x77, 0x0a, 0x31, 0x2c, 0x43, 0x61, 0x66, 0xe9, 0x0a]);
const BASE64 = btoa(String.fromCharCode(...BYTES));

describe("Dotloop import", () => {
  it("previews row by row, then queues the import with progress", async () => {
    let report: ((p: TransferProgress) => void) | undefined;
    let finish: ((v: unknown) => void) | undefined;
    const calls = await renderSignedIn(memberSignedIn(), "#/transactions", {
      transaction_rows: pagesOf([]),
      roster_rows: () => [],
      rejected_edits: () => [],
      preview_dotloop_import: () => PREVIEW,
      apply_dotloop_import: (args) => {
        const channel = args.onProgress as { onmessage: (p: TransferProgress) => void };
        report = (p) => channel.onmessage(p);
        return new Promise((resolve) => (finish = resolve));
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("tx-import-open"));
    await user.upload(screen.getByTestId("dotloop-import-file"), new File([BYTES], "export.csv", { type: "text/csv" }));
    expect(await screen.findByTestId("dotloop-import-summary")).toHaveTextContent(
      "1 new, 1 to update, 1 unchanged, 1 without a loop view id (not imported); 1 value to check.",
    );
    expect(calls.find((c) => c.cmd === "preview_dotloop_import")?.args).toEqual({ file: BASE64 });
    expect(screen.getByTestId("dotloop-import-notice")).toHaveTextContent("read as Windows-1252");
    const lines = within(screen.getByTestId("dotloop-import-rows")).getAllByRole("row").slice(1);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toHaveTextContent("New");
    expect(lines[1]).toHaveTextContent("3, 9Update9 Elm St · 34523402Changes Status, Sale price2 lines merged");
    expect(lines[2]).toHaveTextContent("Unchanged");
    expect(lines[2]).toHaveTextContent("Financials / Earnest Money Amount: “TBD” (left empty)");
    expect(lines[3]).toHaveTextContent("Not imported");

    await user.click(screen.getByTestId("dotloop-import-apply"));
    await waitFor(() => expect(report).toBeDefined());
    expect(calls.find((c) => c.cmd === "apply_dotloop_import")?.args).toMatchObject({ file: BASE64 });
    report!({ done: 1, total: 2 });
    const bar = await screen.findByTestId("dotloop-import-progress");
    expect(bar).toHaveAttribute("value", "1");
    expect(bar).toHaveAttribute("max", "2");
    finish!({
      created: 1,
      updated: 1,
      transactionIds: ["a", "b"],
      heldBack: [{ loopViewId: "34523402", field: "loopUrl", reason: "Only the Dotloop connection updates this field." }],
    });
    const done = await screen.findByTestId("dotloop-import-done");
    expect(done).toHaveTextContent("Queued 1 new and 1 updated transactions. They show as pending until the server has them.");
    expect(screen.getByTestId("dotloop-import-held-back")).toHaveTextContent("Loop 34523402, Loop URL: not sent. Only the Dotloop connection updates this field.");
  });

  it("says why a file is refused and lets the user pick another", async () => {
    await renderSignedIn(memberSignedIn(), "#/transactions", {
      transaction_rows: pagesOf([]),
      roster_rows: () => [],
      rejected_edits: () => [],
      preview_dotloop_import: () => {
        throw { code: "html_not_csv", message: "This file is a web page saved as .csv, not Dotloop's export." };
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("tx-import-open"));
    await user.upload(screen.getByTestId("dotloop-import-file"), new File(["<!DOCTYPE html>"], "export.csv", { type: "text/csv" }));
    expect(await screen.findByTestId("dotloop-import-error")).toHaveTextContent("web page saved as .csv");
    expect(screen.getByTestId("dotloop-import-file")).toBeEnabled();
    expect(screen.getByTestId("dotloop-import-apply")).toBeDisabled();
  });
});
