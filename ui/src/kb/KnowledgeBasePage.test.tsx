import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { KbDraft } from "../bindings/KbDraft";
import type { KbItem } from "../bindings/KbItem";
import type { SyncState } from "../bindings/SyncState";
import { renderSignedIn } from "../test/app";
import { memberSignedIn } from "../test/fixtures";
import { kbItem, lintPhrase } from "./testKb";

const ITEMS = [kbItem("a", "Office hours", "draft"), kbItem("bb", "Buyer FAQ", "published"), kbItem("ccc", "Seller fees", "changed")];

function offline(): SyncState {
  return { phase: "offline", online: false, lastSyncedAt: null, pendingEdits: 0, rejectedEdits: 0, conflicts: 0, progress: null, error: null };
}

const lintOf = (args: Record<string, unknown>) => lintPhrase(args.draft as KbDraft, "perfect for families", "warn", "three bedrooms and a fenced yard");

describe("Knowledge base page", () => {
  it("lists items by state and searches their titles", async () => {
    await renderSignedIn(memberSignedIn("agent"), "#/knowledge-base", { kb_items: () => ITEMS });
    const table = await screen.findByTestId("kb-items");
    expect(within(table).getAllByTestId("kb-item-row")).toHaveLength(3);
    const user = userEvent.setup();
    await user.click(screen.getByRole("tab", { name: /^Changed since publish/ }));
    expect(within(screen.getByTestId("kb-items")).getAllByTestId("kb-item-row").map((r) => r.textContent)).toEqual([expect.stringContaining("Seller fees")]);
    await user.click(screen.getByRole("tab", { name: /^Draft/ }));
    expect(screen.getByTestId("kb-items")).toHaveTextContent("Office hours");
    expect(screen.getByTestId("kb-items")).not.toHaveTextContent("Buyer FAQ");
    await user.click(screen.getByRole("tab", { name: /^All/ }));
    await user.type(screen.getByLabelText("Search titles"), "buyer");
    expect(within(screen.getByTestId("kb-items")).getAllByTestId("kb-item-row")).toHaveLength(1);
    expect(screen.getByTestId("kb-items")).toHaveTextContent("Buyer FAQ");
    // An agent reads: no edit controls.
    expect(screen.queryByRole("button", { name: "New document" })).not.toBeInTheDocument();
    expect(screen.queryByRole("tab", { name: "Unanswered questions" })).not.toBeInTheDocument();
  });

  it("highlights a finding at its span after an emoji, and uses the neutral wording in one click", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/knowledge-base", { kb_items: () => [], kb_lint: lintOf });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New document" }));
    await user.type(screen.getByLabelText("Title"), "12 Elm St");
    const markdown = screen.getByLabelText("Markdown");
    await user.type(markdown, "🏡 Sunny — perfect for families.");
    const mark = await screen.findByText("perfect for families", { selector: "mark" });
    expect(mark).toHaveAttribute("data-severity", "warn");
    // What comes before the mark is exactly the text before the phrase: the span was
    // converted from code points, so the emoji did not shift it.
    expect(mark.previousSibling?.textContent).toBe("🏡 Sunny — ");
    const finding = screen.getByTestId("kb-findings").querySelector("[data-finding]")!;
    expect(finding).toHaveAttribute("data-severity", "warn");
    expect(finding).toHaveTextContent("Familial status");
    expect(finding).toHaveTextContent("HUD memo of 9 January 1995");
    expect(calls.filter((c) => c.cmd === "kb_lint").length).toBeLessThan(10); // debounced, not per keystroke
    await user.click(within(finding as HTMLElement).getByRole("button", { name: "Use this wording" }));
    expect(markdown).toHaveValue("🏡 Sunny — three bedrooms and a fenced yard.");
    await waitFor(() => expect(screen.getByTestId("kb-findings-none")).toBeInTheDocument());
  });

  it("saves a new document and opens the saved item, ready to publish", async () => {
    let stored: KbItem[] = [];
    const calls = await renderSignedIn(memberSignedIn("admin"), "#/knowledge-base", {
      kb_items: () => stored,
      kb_lint: () => [],
      kb_add_item: (args) => {
        const item = kbItem("new1", "12 Elm St", "draft", args.draft as KbDraft);
        stored = [item];
        return { item, findings: [] };
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New document" }));
    await user.type(screen.getByLabelText("Title"), "12 Elm St");
    await user.type(screen.getByLabelText("Tags"), "listings, elm");
    await user.type(screen.getByLabelText("Markdown"), "# Elm{enter}{enter}Three bedrooms.");
    expect(screen.getByTestId("kb-preview").querySelector("h1")).toHaveTextContent("Elm");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "kb_add_item")).toBe(true));
    expect(calls.find((c) => c.cmd === "kb_add_item")!.args.draft).toEqual({
      title: "12 Elm St",
      tags: ["listings", "elm"],
      collection: null,
      content: { kind: "document", markdown: "# Elm\n\nThree bedrooms.", file: null },
    });
    expect(await screen.findByTestId("kb-editor-title")).toHaveTextContent("12 Elm St");
    expect(screen.getByRole("button", { name: "Publish…" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
  });

  it("offline, says saving needs the server while the lint goes on working", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/knowledge-base", { kb_items: () => ITEMS, kb_lint: lintOf, sync_state: () => offline() });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Office hours" }));
    expect(await screen.findByTestId("kb-offline")).toHaveTextContent("Saving needs the server");
    await user.type(screen.getByLabelText("Markdown"), " Perfect for families too, perfect for families.");
    expect(await screen.findByText("perfect for families", { selector: "mark" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Upload…" })).toBeDisabled();
    expect(calls.some((c) => c.cmd === "kb_lint")).toBe(true);
    await user.click(screen.getByRole("tab", { name: "Unanswered questions" }));
    expect(await screen.findByTestId("kb-unanswered-offline")).toHaveTextContent("cannot be reached");
    expect(calls.some((c) => c.cmd === "kb_unanswered")).toBe(false);
  });

  it("answers an unanswered question by opening its new Q&A draft in the editor", async () => {
    const qa: KbDraft = { title: "", tags: [], collection: null, content: { kind: "qa", question: "Do you allow pets in rentals?", alternatives: [], answer: "" } };
    let stored = ITEMS;
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/knowledge-base/unanswered", {
      kb_items: () => stored,
      kb_lint: () => [],
      kb_unanswered: () => [{ key: "pets", question: "Do you allow pets in rentals?", noAnswerCount: 4, thumbsDownCount: 1, lastAskedAt: "2026-03-02T09:00:00Z" }],
      kb_answer_unanswered: () => {
        const item = kbItem("qa1", "", "draft", qa);
        stored = [...ITEMS, item];
        return { item, findings: [] };
      },
    });
    const table = await screen.findByTestId("kb-unanswered-table");
    expect(table).toHaveTextContent("Do you allow pets in rentals?41");
    await userEvent.setup().click(within(table).getByRole("button", { name: "Answer this" }));
    expect(calls.find((c) => c.cmd === "kb_answer_unanswered")!.args).toEqual({ key: "pets" });
    const editor = await screen.findByTestId("kb-editor");
    expect(within(editor).getByLabelText("Question")).toHaveValue("Do you allow pets in rentals?");
    expect(within(editor).getByLabelText("Answer")).toHaveValue("");
    expect(screen.getByRole("tab", { name: "Items" })).toHaveAttribute("aria-selected", "true");
  });
});
