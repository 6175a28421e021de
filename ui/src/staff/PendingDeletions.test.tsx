import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PendingDeletion } from "../bindings/PendingDeletion";
import type { SignedIn } from "../bindings/SignedIn";
import { renderSignedIn } from "../test/app";
import { SERVER_URL, memberSignedIn } from "../test/fixtures";

const STAFF: SignedIn = { kind: "staff", serverUrl: SERVER_URL, displayName: "Pat Support" };
const member = memberSignedIn();
const TENANT = (member as Extract<SignedIn, { kind: "member" }>).tenant;
const REASON = "Litigation hold requested by counsel";

function pending(holdReason: string | null): PendingDeletion {
  return {
    tenant: { ...TENANT, status: "pending_deletion" },
    requestedAt: "2026-12-03T10:00:00Z",
    dueAt: "2027-01-02T10:00:00Z",
    holdReason,
    heldAt: holdReason ? "2026-12-04T10:00:00Z" : null,
  };
}

describe("pending deletions in the staff view", () => {
  it("lists them and holds one only with a reason of 15 characters, then releases it", async () => {
    let row = pending(null);
    const calls = await renderSignedIn(STAFF, "", {
      staff_tenants: () => [],
      pending_deletions: () => [row],
      hold_deletion: (args) => {
        row = pending(args.reason as string);
      },
      release_deletion_hold: () => {
        row = pending(null);
      },
    });
    const listed = await screen.findByTestId("pending-deletion-harbour");
    expect(listed).toHaveTextContent("Harbour Realty");
    expect(listed).toHaveTextContent("2027");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("hold-harbour"));
    await user.type(screen.getByTestId("hold-reason"), "legal");
    expect(screen.getByTestId("hold-submit")).toBeDisabled();
    await user.clear(screen.getByTestId("hold-reason"));
    await user.type(screen.getByTestId("hold-reason"), REASON);
    await user.click(screen.getByTestId("hold-submit"));
    await waitFor(() => expect(screen.getByTestId("pending-deletion-harbour")).toHaveTextContent(REASON));
    expect(calls.find((c) => c.cmd === "hold_deletion")?.args).toEqual({ tenantId: TENANT.id, reason: REASON });

    await user.click(screen.getByTestId("release-hold-harbour"));
    await waitFor(() => expect(screen.getByTestId("hold-harbour")).toBeInTheDocument());
    expect(calls.find((c) => c.cmd === "release_deletion_hold")?.args).toEqual({ tenantId: TENANT.id });
  });

  it("says so when nothing is pending", async () => {
    await renderSignedIn(STAFF, "", { staff_tenants: () => [], pending_deletions: () => [] });
    expect(await screen.findByTestId("pending-deletions")).toHaveTextContent("No brokerage is pending deletion.");
  });
});
