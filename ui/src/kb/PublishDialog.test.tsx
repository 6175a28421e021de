import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { FieldFinding } from "../bindings/FieldFinding";
import type { KbDraft } from "../bindings/KbDraft";
import { renderSignedIn, type Handlers } from "../test/app";
import { memberSignedIn } from "../test/fixtures";
import { docDraft, kbItem, lintPhrase } from "./testKb";

const WARNED = kbItem("a", "Elm St", "draft", docDraft("Elm St", "Three bedrooms, perfect for families."));
const BLOCKED = kbItem("a", "Elm St", "draft", docDraft("Elm St", "A Christian community, adults only."));

function lint(args: Record<string, unknown>): FieldFinding[] {
  const draft = args.draft as KbDraft;
  return [...lintPhrase(draft, "perfect for families", "warn"), ...lintPhrase(draft, "Christian community", "block")];
}

async function openPublish(handlers: Handlers) {
  const calls = await renderSignedIn(memberSignedIn("owner"), "#/knowledge-base", { kb_lint: lint, ...handlers });
  const user = userEvent.setup();
  await user.click(await screen.findByRole("button", { name: "Elm St" }));
  await user.click(screen.getByRole("button", { name: "Publish…" }));
  const dialog = await screen.findByRole("dialog", { name: /^Publish/ });
  return { calls, user, dialog };
}

describe("the publish dialog", () => {
  it("keeps publishing disabled while a finding blocks it, and says why", async () => {
    const { dialog } = await openPublish({ kb_items: () => [BLOCKED] });
    expect(await within(dialog).findByTestId("kb-publish-blocked")).toHaveTextContent("block publishing");
    expect(within(dialog).getByRole("button", { name: "Publish" })).toBeDisabled();
    expect(within(dialog).queryByLabelText(/^I have read/)).not.toBeInTheDocument();
    expect(dialog.querySelector('[data-finding][data-severity="block"]')).toHaveTextContent("Christian community");
  });

  it("needs the warnings acknowledged, and sends the acknowledgement with the note", async () => {
    const published = { ...WARNED, state: "published" as const, published: { id: "v1", itemId: "a", number: 1, publishedBy: "u1", publishedAt: "2026-03-03T10:00:00Z", note: "First listing" } };
    const { calls, user, dialog } = await openPublish({ kb_items: () => [WARNED], kb_publish: () => ({ outcome: "published", item: published }) });
    const acknowledge = await within(dialog).findByLabelText(/^I have read/);
    const publish = within(dialog).getByRole("button", { name: "Publish" });
    expect(publish).toBeDisabled();
    await user.type(within(dialog).getByLabelText("Note"), "First listing");
    await user.click(acknowledge);
    expect(publish).toBeEnabled();
    await user.click(publish);
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(calls.find((c) => c.cmd === "kb_publish")!.args).toEqual({ itemId: "a", note: "First listing", acknowledgeWarnings: true });
  });

  it("shows a refusal's message and findings", async () => {
    const refusedFindings = lintPhrase(WARNED.draft, "perfect for families", "warn");
    const { user, dialog } = await openPublish({
      kb_items: () => [WARNED],
      kb_publish: () => ({ outcome: "refused", code: "kb_lint_unacknowledged", message: "The draft has warnings you have not acknowledged.", findings: refusedFindings }),
    });
    await user.click(await within(dialog).findByLabelText(/^I have read/));
    await user.click(within(dialog).getByRole("button", { name: "Publish" }));
    const refused = await within(dialog).findByTestId("kb-publish-refused");
    expect(refused).toHaveTextContent("not acknowledged");
    expect(refused).toHaveTextContent("kb_lint_unacknowledged");
    expect(refused.querySelector('[data-finding][data-severity="warn"]')).toHaveTextContent("perfect for families");
  });
});
