import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { KbImportOutcome } from "../bindings/KbImportOutcome";
import { renderSignedIn } from "../test/app";
import { memberSignedIn } from "../test/fixtures";
import { kbItem } from "./testKb";

const OUTCOME: KbImportOutcome = {
  added: [kbItem("w1", "Buying guide")],
  changed: [kbItem("w2", "Selling guide", "changed")],
  unchanged: 7,
  skipped: [{ url: "https://harbour.example/private", code: "kb_robots_disallowed", reason: "robots.txt disallows this page." }],
};

describe("adding from outside", () => {
  it("imports a sitemap and reports what was added, changed, unchanged and skipped", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/knowledge-base", { kb_items: () => [], kb_import_url: () => OUTCOME });
    const u = userEvent.setup();
    await u.click(await screen.findByRole("button", { name: "Import from URL…" }));
    const dialog = screen.getByRole("dialog", { name: "Import from a URL" });
    await u.type(within(dialog).getByLabelText("URL"), "https://harbour.example/sitemap.xml");
    await u.click(within(dialog).getByLabelText(/This is a sitemap/));
    await u.type(within(dialog).getByLabelText("Tags"), "site");
    await u.click(within(dialog).getByRole("button", { name: "Import" }));
    expect(await within(dialog).findByTestId("kb-import-summary")).toHaveTextContent("1 added, 1 changed (as draft changes, to review and publish), 7 unchanged, 1 skipped.");
    expect(within(dialog).getByTestId("kb-import-skipped")).toHaveTextContent("https://harbour.example/private: robots.txt disallows this page.");
    expect(calls.find((c) => c.cmd === "kb_import_url")!.args).toEqual({ url: "https://harbour.example/sitemap.xml", sitemap: true, tags: ["site"], collection: null });
  });

  it("uploads a file by its path and keeps the dialog open with the server's reason when it cannot be read", async () => {
    const calls = await renderSignedIn(memberSignedIn("admin"), "#/knowledge-base", {
      kb_items: () => [],
      kb_upload: () => {
        throw { code: "kb_unreadable_file", message: "This PDF has no text layer to extract." };
      },
    });
    const u = userEvent.setup();
    await u.click(await screen.findByRole("button", { name: "Upload…" }));
    const dialog = screen.getByRole("dialog", { name: "Upload a document" });
    await u.type(within(dialog).getByLabelText(/^File path/), "/home/dana/policy.pdf");
    await u.click(within(dialog).getByRole("button", { name: "Upload" }));
    expect(await within(dialog).findByTestId("kb-upload-error")).toHaveTextContent("no text layer");
    await waitFor(() => expect(calls.find((c) => c.cmd === "kb_upload")?.args).toEqual({ path: "/home/dana/policy.pdf", title: null, tags: [], collection: null }));
  });
});

describe("fetching a web page again", () => {
  const page = kbItem("p", "Moving checklist", "published", {
    title: "Moving checklist",
    tags: [],
    collection: null,
    content: { kind: "web_page", url: "https://acme.example/moving", markdown: "Book movers early." },
  });

  it("says when the page changed, with the new text as the draft", async () => {
    const changed = { ...page, state: "changed" as const, updatedAt: "2026-03-09T10:00:00Z", draft: { ...page.draft, content: { ...page.draft.content, markdown: "Book movers a month ahead." } } };
    let items = [page];
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/knowledge-base", {
      kb_items: () => items,
      kb_lint: () => [],
      kb_refetch: () => {
        items = [changed];
        return { item: changed, findings: [] };
      },
    });
    const u = userEvent.setup();
    await u.click(await screen.findByRole("button", { name: "Moving checklist" }));
    await u.click(screen.getByTestId("kb-refetch"));
    expect(await screen.findByTestId("kb-editor-notice")).toHaveTextContent("The page changed");
    expect(calls.find((c) => c.cmd === "kb_refetch")?.args).toEqual({ itemId: "p" });
    expect(screen.getByTestId("kb-editor-state")).toHaveTextContent("Changed");
  });

  it("says when the page has not changed", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/knowledge-base", {
      kb_items: () => [page],
      kb_lint: () => [],
      kb_refetch: () => ({ item: page, findings: [] }),
    });
    const u = userEvent.setup();
    await u.click(await screen.findByRole("button", { name: "Moving checklist" }));
    await u.click(screen.getByTestId("kb-refetch"));
    expect(await screen.findByTestId("kb-editor-notice")).toHaveTextContent("has not changed");
  });
});
