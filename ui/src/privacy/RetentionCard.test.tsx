import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { RetentionKind } from "../bindings/RetentionKind";
import type { RetentionPolicy } from "../bindings/RetentionPolicy";
import { renderSignedIn } from "../test/app";
import { memberSignedIn } from "../test/fixtures";

const policy = (kind: RetentionKind, label: string, months: number | null, minimum: [number, string | null] = [1, null]): RetentionPolicy => ({
  kind,
  label,
  months,
  minimumMonths: minimum[0],
  minimumReason: minimum[1],
  updatedAt: months === null ? null : "2026-12-01T10:00:00Z",
});

const REASON = "Transactions must be kept at least 7 years after closing (broker record keeping: California 3, Texas 4, Florida 5 years).";

function retentionHandlers() {
  const policies = [
    policy("conversations", "Chatbot conversations and call transcripts", 24),
    policy("transactions", "Transactions", null, [84, REASON]),
  ];
  return {
    privacy_requests: () => [],
    rejected_edits: () => [],
    legal_holds: () => [],
    retention_policies: () => policies.map((p) => ({ ...p })),
    retention_dry_run: ({ request }: Record<string, unknown>) => {
      const { kind, months } = request as { kind: RetentionKind; months: number };
      if (kind === "transactions" && months < 84) throw { code: "retention_below_legal_minimum", message: `${REASON} Choose 84 months or more.` };
      const sentence = months === 1 ? "142 conversations and 1 call older than 1 month" : `142 conversations older than ${months} months`;
      return { kind, months, counts: [{ record: "conversation", count: 142 }], keptForConsent: 0, sentence };
    },
    set_retention_policy: ({ kind, months }: Record<string, unknown>) => {
      const index = policies.findIndex((p) => p.kind === kind);
      policies[index] = { ...policies[index]!, months: months as number | null };
      return policies[index];
    },
  };
}

describe("the retention card", () => {
  it("shows the dry run's sentence before a period can be saved", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/privacy", retentionHandlers());
    const row = await screen.findByTestId("retention-conversations");
    expect(row).toHaveTextContent("Kept 24 months");
    expect(screen.getByTestId("retention-minimum-transactions")).toHaveTextContent("at least 7 years after closing");
    const user = userEvent.setup();
    const months = within(row).getByTestId("retention-months-conversations");
    const save = within(row).getByTestId("retention-save-conversations");

    await user.clear(months);
    await user.type(months, "12");
    // Nothing is saved before the owner has seen what would go.
    expect(save).toBeDisabled();
    expect(screen.queryByTestId("retention-preview-conversations")).toBeNull();
    await user.click(within(row).getByTestId("retention-preview-button-conversations"));
    expect(await screen.findByTestId("retention-preview-conversations")).toHaveTextContent("142 conversations older than 12 months");
    expect(save).toBeEnabled();

    // Another period needs its own preview.
    await user.clear(months);
    await user.type(months, "1");
    expect(save).toBeDisabled();
    expect(screen.queryByTestId("retention-preview-conversations")).toBeNull();
    await user.click(within(row).getByTestId("retention-preview-button-conversations"));
    expect(await screen.findByTestId("retention-preview-conversations")).toHaveTextContent("142 conversations and 1 call older than 1 month");
    await user.click(save);

    await waitFor(() => expect(calls.some((c) => c.cmd === "set_retention_policy")).toBe(true));
    expect(calls.find((c) => c.cmd === "set_retention_policy")?.args).toEqual({ kind: "conversations", months: 1 });
    const previewAt = calls.findIndex((c) => c.cmd === "retention_dry_run");
    const savedAt = calls.findIndex((c) => c.cmd === "set_retention_policy");
    expect(previewAt).toBeLessThan(savedAt);
    await waitFor(() => expect(screen.getByTestId("retention-conversations")).toHaveTextContent("Kept 1 month"));
  });

  it("shows the legal minimum's refusal and never offers to save it", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/privacy", retentionHandlers());
    const row = await screen.findByTestId("retention-transactions");
    const user = userEvent.setup();
    await user.type(within(row).getByTestId("retention-months-transactions"), "60");
    await user.click(within(row).getByTestId("retention-preview-button-transactions"));
    expect(await screen.findByTestId("retention-error-transactions")).toHaveTextContent("Choose 84 months or more.");
    expect(within(row).getByTestId("retention-save-transactions")).toBeDisabled();
  });

  it("is read-only for admins, who see the periods and minimums", async () => {
    await renderSignedIn(memberSignedIn("admin"), "#/privacy", retentionHandlers());
    const row = await screen.findByTestId("retention-conversations");
    expect(row).toHaveTextContent("Kept 24 months");
    expect(screen.queryByTestId("retention-months-conversations")).toBeNull();
    expect(screen.getByTestId("retention-card")).toHaveTextContent("Only the owner changes these.");
  });
});
