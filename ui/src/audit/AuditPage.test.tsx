import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderSignedIn } from "../test/app";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { TrailLine } from "../bindings/TrailLine";
import { auditEntry, memberSignedIn } from "../test/fixtures";

/** An entry as the command answers it: with its sentence, told in Rust. */
const line = (entry: AuditEntry, sentence: string, actorName = "Dana Whitfield"): TrailLine => ({ ...entry, sentence, actorName });

const support = line(
  auditEntry(3, {
    actor: { kind: "staff", id: "s-1", display: "Pat Support" },
    action: "support.session_opened",
    reason: "Owner asked why an invitation email never arrived",
    supportTicket: "SUP-2001",
  }),
  "Pat Support opened a support session",
  "Pat Support",
);
const TRAIL = [
  line(auditEntry(1, { action: "auth.signed_in" }), "Dana Whitfield signed in"),
  // The entry kept the name at the time; the sentence and the actor are today's.
  line(
    auditEntry(2, { actor: { kind: "user", id: "u-2", display: "Olivia Smith" }, target: "u-3", details: { from: "admin", to: "agent" } }),
    "Olivia Owner changed Adam Admin's role from Admin to Agent",
    "Olivia Owner",
  ),
  support,
];

const rows = () => within(screen.getByTestId("audit-table")).queryAllByRole("row").slice(1);

describe("audit trail", () => {
  it("lists newest first and highlights support accesses", async () => {
    await renderSignedIn(memberSignedIn(), "#/audit", { audit_trail: () => TRAIL });
    await waitFor(() => expect(rows()).toHaveLength(3));
    const [first] = rows();
    expect(first).toHaveTextContent("Pat Support");
    expect(first).toHaveClass("vtable__row--support");
    expect(rows()[1]).not.toHaveClass("vtable__row--support");
  });

  it("filters to support accesses and by action", async () => {
    await renderSignedIn(memberSignedIn(), "#/audit", { audit_trail: () => TRAIL });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(screen.getByTestId("filter-support"));
    expect(rows()).toHaveLength(1);
    expect(screen.getByTestId("audit-count")).toHaveTextContent("1 of 3 entries");
    await user.click(screen.getByTestId("filter-support"));
    await user.selectOptions(screen.getByTestId("filter-action"), "auth.signed_in");
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toHaveTextContent("Dana Whitfield signed in");
  });

  it("reads as sentences, with the raw entry a click away", async () => {
    await renderSignedIn(memberSignedIn(), "#/audit", { audit_trail: () => TRAIL });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    const roleChange = rows()[1] as HTMLElement;
    expect(roleChange).toHaveTextContent("Olivia Owner changed Adam Admin's role from Admin to Agent");
    expect(roleChange).not.toHaveTextContent("user.role_changed");
    await user.click(within(roleChange).getByText(/changed Adam Admin's role/));
    const details = screen.getByTestId("audit-details");
    expect(within(details).getByTestId("audit-details-sentence")).toHaveTextContent("Olivia Owner changed Adam Admin's role");
    expect(details).toHaveTextContent("user.role_changed");
    expect(details).toHaveTextContent("u-3");
    expect(details).toHaveTextContent("Olivia Smith (user)");
    expect(details).toHaveTextContent('"from": "admin"');
  });

  it("finds an actor by today's name or by the name the entry kept", async () => {
    await renderSignedIn(memberSignedIn(), "#/audit", { audit_trail: () => TRAIL });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.type(screen.getByTestId("filter-actor"), "olivia owner");
    expect(rows()).toHaveLength(1);
    await user.clear(screen.getByTestId("filter-actor"));
    await user.type(screen.getByTestId("filter-actor"), "olivia smith");
    expect(rows()).toHaveLength(1);
  });

  it("opens an entry's details from the keyboard", async () => {
    await renderSignedIn(memberSignedIn(), "#/audit", { audit_trail: () => TRAIL });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    rows()[0]?.focus();
    await user.keyboard("{Enter}");
    const details = screen.getByTestId("audit-details");
    expect(details).toHaveTextContent("Entry #3");
    expect(details).toHaveTextContent("SUP-2001");
    expect(details).toHaveTextContent("Support access");
  });

  it("reports the first broken entry from the Rust verifier and can show it", async () => {
    const calls = await renderSignedIn(memberSignedIn(), "#/audit", {
      audit_trail: () => TRAIL,
      verify_audit_trail: () => ({ status: "broken", seq: 2, reason: "hash_mismatch" }),
    });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(screen.getByTestId("verify-integrity"));
    const result = await screen.findByTestId("verify-result");
    expect(result).toHaveAttribute("data-state", "broken");
    expect(result).toHaveTextContent("Entry #2 fails the check: its content was changed after it was recorded.");
    await user.click(within(result).getByRole("button", { name: "Show entry #2" }));
    expect(screen.getByTestId("audit-details")).toHaveTextContent("Entry #2");
    expect(calls.filter((c) => c.cmd === "verify_audit_trail")).toHaveLength(1);
  });

  it("says so when the chain is intact", async () => {
    await renderSignedIn(memberSignedIn(), "#/audit", {
      audit_trail: () => TRAIL,
      verify_audit_trail: () => ({ status: "intact", entriesChecked: 3, head: { seq: 3, hash: "a".repeat(64) } }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("verify-integrity"));
    expect(await screen.findByTestId("verify-result")).toHaveTextContent("All 3 entries form an unbroken chain");
  });

  it("mounts only the rows in view of a 100,000-entry trail", async () => {
    const big = Array.from({ length: 100_000 }, (_, i) => line(auditEntry(i + 1), "Dana Whitfield signed in"));
    await renderSignedIn(memberSignedIn(), "#/audit", { audit_trail: () => big });
    expect(await screen.findByTestId("audit-count")).toHaveTextContent("100,000 of 100,000 entries");
    const mounted = rows().length;
    expect(mounted).toBeGreaterThan(5);
    expect(mounted).toBeLessThan(60);
    expect(screen.getByRole("table", { name: "Audit entries" })).toHaveAttribute("aria-rowcount", "100000");
  });
});
