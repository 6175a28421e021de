import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { KbConsoleAnswer } from "../bindings/KbConsoleAnswer";
import type { SyncState } from "../bindings/SyncState";
import { renderSignedIn } from "../test/app";
import { memberSignedIn } from "../test/fixtures";

const hit = (title: string, score: number, text: string, versionId: string | null) => ({ itemId: title, versionId, title, headingPath: ["Buying", "Fees"], chunkOrdinal: 0, score, text });

const ANSWER: KbConsoleAnswer = {
  published: [hit("Buyer FAQ", 0.03279, "Buyers pay no fee to us.", "v1")],
  drafts: [hit("Buyer fees 2026", 0.5, "From 2026 buyers pay a flat fee.", null), hit("Buyer FAQ", 0.25, "Buyers pay no fee to us.", "v1")],
  tookMicros: 2350,
};

const offline: SyncState = { phase: "offline", online: false, lastSyncedAt: null, pendingEdits: 0, rejectedEdits: 0, conflicts: 0, progress: null, error: null };

describe("the test console", () => {
  it("shows what the chatbot gets now beside what it would get with the drafts, offline too", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/knowledge-base", { kb_items: () => [], kb_console: () => ANSWER, sync_state: () => offline });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("tab", { name: "Test console" }));
    await user.type(screen.getByLabelText("Question"), "buyer fee");
    await user.clear(screen.getByLabelText("Chunks per column"));
    await user.type(screen.getByLabelText("Chunks per column"), "3");
    await user.click(screen.getByRole("button", { name: "Ask" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "kb_console")?.args).toEqual({ question: "buyer fee", topK: 3 }));

    const published = document.querySelector<HTMLElement>('[data-column="published"]')!;
    const drafts = document.querySelector<HTMLElement>('[data-column="drafts"]')!;
    await waitFor(() => expect(published.querySelectorAll("[data-hit]")).toHaveLength(1));
    expect(within(published).getByRole("heading")).toHaveTextContent("Published (what the chatbot gets now)");
    expect(published.querySelector("[data-hit]")).toHaveTextContent("#1Buyer FAQ0.033Buying › FeesBuyers pay no fee to us.");
    expect(within(drafts).getByRole("heading")).toHaveTextContent("With current drafts");
    expect([...drafts.querySelectorAll("[data-hit]")].map((h) => h.textContent)).toEqual([
      "#1Buyer fees 20260.500Buying › FeesFrom 2026 buyers pay a flat fee.",
      "#2Buyer FAQ0.250Buying › FeesBuyers pay no fee to us.",
    ]);
    expect(screen.getByTestId("kb-console-took")).toHaveTextContent("2.4 ms");
  });
});
