import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { KbVersionMeta } from "../bindings/KbVersionMeta";
import type { VersionDiff } from "../bindings/VersionDiff";
import { renderSignedIn } from "../test/app";
import { memberSignedIn, user } from "../test/fixtures";
import { docDraft, kbItem } from "./testKb";

const ITEM = kbItem("a", "Office hours", "changed", docDraft("Office hours", "Open weekdays.\nClosed Sundays."));
const VERSIONS: KbVersionMeta[] = [
  { id: "v2", itemId: "a", number: 2, publishedBy: "id-dana@harbourrealty.example", publishedAt: "2026-03-02T10:00:00Z", note: "Summer hours" },
  { id: "v1", itemId: "a", number: 1, publishedBy: "id-dana@harbourrealty.example", publishedAt: "2026-03-01T10:00:00Z", note: "First" },
];
const DIFF: VersionDiff = {
  lines: [
    { op: "equal", text: "Open weekdays.", oldLine: 1, newLine: 1 },
    { op: "delete", text: "Open Sundays.", oldLine: 2, newLine: null },
    { op: "insert", text: "Closed Sundays.", oldLine: null, newLine: 2 },
  ],
  inserted: 1,
  deleted: 1,
};

describe("version history", () => {
  it("diffs a version against the draft or another version, and restores one as the draft", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/knowledge-base", {
      kb_items: () => [ITEM],
      kb_lint: () => [],
      kb_versions: () => VERSIONS,
      kb_diff: () => DIFF,
      list_users: () => [user("dana@harbourrealty.example", "owner", { displayName: "Dana Whitfield" })],
      kb_restore: () => ({ item: ITEM, findings: [] }),
    });
    const u = userEvent.setup();
    await u.click(await screen.findByRole("button", { name: "Office hours" }));
    await u.click(screen.getByRole("button", { name: "Version history" }));
    const history = await screen.findByTestId("kb-history");
    expect(await within(history).findByTestId("kb-version-2")).toHaveTextContent("2Dana WhitfieldMar");
    expect(within(history).getByTestId("kb-version-2")).toHaveTextContent("Summer hours");
    await waitFor(() => expect(calls.find((c) => c.cmd === "kb_diff")?.args).toEqual({ itemId: "a", from: "v2", to: null }));
    const diff = await within(history).findByTestId("kb-diff");
    expect(diff).toHaveTextContent("1 line added, 1 removed");
    expect([...diff.querySelectorAll("[data-op]")].map((l) => l.getAttribute("data-op"))).toEqual(["equal", "delete", "insert"]);

    await u.selectOptions(within(history).getByLabelText("Compare"), "v1");
    await u.selectOptions(within(history).getByLabelText("with"), "v2");
    await waitFor(() => expect(calls.filter((c) => c.cmd === "kb_diff").at(-1)?.args).toEqual({ itemId: "a", from: "v1", to: "v2" }));

    await u.click(within(history).getByTestId("kb-restore-1"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "kb_restore")?.args).toEqual({ itemId: "a", versionId: "v1" }));
  });
});
