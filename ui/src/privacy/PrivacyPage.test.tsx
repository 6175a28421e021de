import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { routesFor } from "../app/routes";
import type { NewPrivacyRequest } from "../bindings/NewPrivacyRequest";
import type { PrivacyRequest } from "../bindings/PrivacyRequest";
import type { PrivacyRequestChanges } from "../bindings/PrivacyRequestChanges";
import { renderSignedIn } from "../test/app";
import { auditEntry, edited, memberSignedIn, privacyRequest, supportSignedIn } from "../test/fixtures";

const id = (n: number) => `0190c000-0000-7000-8000-00000000000${n}`;

// Thursday 10 December 2026 is "today" on this computer throughout.
const overdue = privacyRequest({ id: id(1), requesterName: "Olive Overdue", deadlines: { confirmBy: "2026-12-09", respondBy: "2027-01-16" } });
const soon = privacyRequest({
  id: id(2),
  requesterName: "Sam Soon",
  status: "confirmed",
  deadlines: { confirmBy: "2026-12-01", respondBy: "2026-12-14" },
});
const today = privacyRequest({
  id: id(3),
  requesterName: "Tess Today",
  requesterEmail: null,
  kind: "access",
  law: "gdpr",
  receivedOn: "2026-11-10",
  deadlines: { confirmBy: null, respondBy: "2026-12-10" },
});
const closed = privacyRequest({
  id: id(4),
  requesterName: "Cleo Closed",
  status: "completed",
  closedOn: "2026-12-05",
  actions: [{ auditSeq: 42, action: "lead.erased", occurredAt: "2026-12-04T10:00:00Z" }],
});

/** The register as the cache holds it: records and changes made here show pending until synced. */
function cachedRegister(requests: PrivacyRequest[]) {
  const pending = new Set<string>([soon.id]);
  const update = (requestId: unknown, change: (r: PrivacyRequest) => PrivacyRequest) => {
    const index = requests.findIndex((r) => r.id === requestId);
    requests[index] = change(requests[index]!);
    return requests[index];
  };
  return {
    privacy_requests: () => requests.map((r) => edited(r, pending.has(r.id) ? { edit: "pending" } : {})),
    rejected_edits: () => [],
    retention_policies: () => [],
    legal_holds: () => [],
    audit_trail: () => [
      auditEntry(40, { action: "user.role_changed" }),
      auditEntry(41, { action: "lead.erased", target: "lead:7" }),
      auditEntry(42, { action: "leads.exported" }),
      auditEntry(43, { action: "tenant.exported" }),
    ],
    record_privacy_request: ({ request }: Record<string, unknown>) => {
      const recorded = privacyRequest({ ...(request as NewPrivacyRequest), id: id(9), deadlines: { confirmBy: null, respondBy: "2027-01-10" } });
      requests.push(recorded);
      pending.add(recorded.id);
      return recorded;
    },
    change_privacy_request: ({ requestId, changes }: Record<string, unknown>) => {
      const { status, notes } = changes as PrivacyRequestChanges;
      pending.add(requestId as string);
      return update(requestId, (r) => ({ ...r, status: status ?? r.status, notes: notes ?? r.notes }));
    },
    link_privacy_action: ({ requestId, link }: Record<string, unknown>) => {
      const { auditSeq } = link as { auditSeq: number };
      return update(requestId, (r) => ({ ...r, actions: [...r.actions, { auditSeq, action: "tenant.exported", occurredAt: "2026-12-09T10:00:00Z" }] }));
    },
  };
}

const row = (name: string) =>
  within(screen.getByTestId("privacy-table")).getByText(name).closest("[role='row']") as HTMLElement;

async function openRegister(requests: PrivacyRequest[] = [overdue, soon, today, closed]) {
  const calls = await renderSignedIn(memberSignedIn("admin"), "#/privacy", cachedRegister(requests.map((r) => ({ ...r }))));
  await screen.findByTestId("privacy-table");
  return calls;
}

describe("the privacy-request register", () => {
  beforeEach(() => {
    // Only the date is faked: the app's own timers keep running.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2026, 11, 10, 11, 0));
  });

  it("lists requests with their next deadline, how near it is, and a due-soon summary", async () => {
    await openRegister();
    expect(screen.getByTestId("privacy-overdue")).toHaveTextContent("1 overdue");
    expect(screen.getByTestId("privacy-due-soon")).toHaveTextContent("2 due within 7 days");

    expect(row("Olive Overdue")).toHaveTextContent("Confirm by 2026-12-09");
    expect(screen.getByTestId(`privacy-due-${overdue.id}`)).toHaveTextContent("Overdue");
    // Confirmed: the answer is what is owed now.
    expect(row("Sam Soon")).toHaveTextContent("Respond by 2026-12-14");
    expect(screen.getByTestId(`privacy-due-${soon.id}`)).toHaveTextContent("Due in 4 days");
    expect(row("Sam Soon")).toHaveTextContent("Pending sync");
    expect(row("Tess Today")).toHaveTextContent("Access · GDPRReceived 2026-11-10");
    expect(screen.getByTestId(`privacy-due-${today.id}`)).toHaveTextContent("Due today");
    expect(row("Olive Overdue")).not.toHaveTextContent("Pending sync");

    const done = row("Cleo Closed");
    expect(done).toHaveTextContent("Closed 2026-12-05");
    expect(done).toHaveTextContent("Completed");
    expect(done).toHaveTextContent("#42 lead.erased");
    expect(screen.queryByTestId(`privacy-due-${closed.id}`)).toBeNull();
    // Only what is still open can be confirmed, completed or denied.
    expect(screen.queryByTestId(`privacy-confirm-${soon.id}`)).toBeNull();
    expect(screen.getByTestId(`privacy-complete-${soon.id}`)).toBeInTheDocument();
    expect(screen.queryByTestId(`privacy-complete-${closed.id}`)).toBeNull();
    expect(screen.queryByTestId(`privacy-deny-${closed.id}`)).toBeNull();
  });

  it("records a request received today and shows its deadline in the row", async () => {
    const calls = await openRegister([]);
    expect(screen.getByText("No privacy requests recorded yet.")).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("privacy-record"));
    expect(screen.getByTestId("privacy-received-on")).toHaveValue("2026-12-10");
    await user.selectOptions(screen.getByTestId("privacy-kind"), "deletion");
    await user.selectOptions(screen.getByTestId("privacy-law"), "gdpr");
    await user.type(screen.getByTestId("privacy-name"), "Lee Buyer");
    await user.selectOptions(screen.getByTestId("privacy-channel"), "phone");
    await user.type(screen.getByTestId("privacy-notes"), "Called the office.");
    await user.click(screen.getByTestId("privacy-record-submit"));

    await waitFor(() => expect(screen.queryByTestId("privacy-record-dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "record_privacy_request")?.args).toEqual({
      request: {
        kind: "deletion",
        law: "gdpr",
        requesterName: "Lee Buyer",
        requesterEmail: null,
        channel: "phone",
        receivedOn: "2026-12-10",
        notes: "Called the office.",
      },
    });
    await waitFor(() => expect(row("Lee Buyer")).toHaveTextContent("Respond by 2027-01-10"));
    expect(row("Lee Buyer")).toHaveTextContent("Pending sync");
    expect(screen.getByTestId("privacy-due-soon")).toHaveTextContent("0 due within 7 days");
  });

  it("confirms receipt in one click, which moves the next deadline to the answer", async () => {
    const calls = await openRegister();
    await userEvent.setup().click(screen.getByTestId(`privacy-confirm-${overdue.id}`));
    await waitFor(() => expect(row("Olive Overdue")).toHaveTextContent("Respond by 2027-01-16"));
    expect(calls.find((c) => c.cmd === "change_privacy_request")?.args).toEqual({
      requestId: overdue.id,
      changes: { status: "confirmed", notes: null },
    });
    expect(row("Olive Overdue")).toHaveTextContent("Confirmed");
    expect(row("Olive Overdue")).toHaveTextContent("Pending sync");
    expect(screen.getByTestId("privacy-overdue")).toHaveTextContent("0 overdue");
  });

  it("denies a request only with notes saying why", async () => {
    const calls = await openRegister();
    const user = userEvent.setup();
    await user.click(screen.getByTestId(`privacy-deny-${overdue.id}`));
    const submit = screen.getByTestId("privacy-close-submit");
    expect(submit).toBeDisabled();
    await user.type(screen.getByTestId("privacy-close-notes"), "   ");
    expect(submit).toBeDisabled();
    await user.clear(screen.getByTestId("privacy-close-notes"));
    await user.type(screen.getByTestId("privacy-close-notes"), "Identity could not be verified.");
    await user.click(submit);

    await waitFor(() => expect(screen.queryByTestId("privacy-close-dialog")).toBeNull());
    expect(calls.filter((c) => c.cmd === "change_privacy_request").map((c) => c.args)).toEqual([
      { requestId: overdue.id, changes: { status: "denied", notes: "Identity could not be verified." } },
    ]);
    await waitFor(() => expect(row("Olive Overdue")).toHaveTextContent("Denied"));
  });

  it("completes a request with optional notes", async () => {
    const calls = await openRegister();
    const user = userEvent.setup();
    await user.click(screen.getByTestId(`privacy-complete-${soon.id}`));
    await user.click(screen.getByTestId("privacy-close-submit"));
    await waitFor(() => expect(screen.queryByTestId("privacy-close-dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "change_privacy_request")?.args).toEqual({
      requestId: soon.id,
      changes: { status: "completed", notes: "" },
    });
  });

  it("links an action from the audit trail's linkable entries not linked already", async () => {
    const calls = await openRegister([{ ...overdue, actions: [{ auditSeq: 42, action: "leads.exported", occurredAt: "2026-12-04T10:00:00Z" }] }]);
    const user = userEvent.setup();
    await user.click(screen.getByTestId(`privacy-link-${overdue.id}`));
    const entry = await screen.findByTestId("privacy-link-entry");
    const offered = within(entry)
      .getAllByRole("option")
      .map((o) => o.getAttribute("value"))
      .filter(Boolean);
    // Newest first; the role change is not linkable and #42 is linked already.
    expect(offered).toEqual(["43", "41"]);
    expect(entry).toHaveTextContent("#41");
    expect(entry).toHaveTextContent("lead.erased");
    await user.selectOptions(entry, "43");
    await user.click(screen.getByTestId("privacy-link-submit"));

    await waitFor(() => expect(screen.queryByTestId("privacy-link-dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "link_privacy_action")?.args).toEqual({ requestId: overdue.id, link: { auditSeq: 43 } });
    await waitFor(() => expect(row("Olive Overdue")).toHaveTextContent("#42 leads.exported, #43 tenant.exported"));
  });

  it("shows why linking failed, e.g. offline", async () => {
    const handlers = cachedRegister([{ ...overdue }]);
    await renderSignedIn(memberSignedIn("owner"), "#/privacy", {
      ...handlers,
      link_privacy_action: () => {
        throw { code: "needs_connection", message: "Linking an action needs a connection to the server." };
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId(`privacy-link-${overdue.id}`));
    await user.selectOptions(await screen.findByTestId("privacy-link-entry"), "41");
    await user.click(screen.getByTestId("privacy-link-submit"));
    expect(await screen.findByTestId("privacy-link-error")).toHaveTextContent("needs a connection");
    expect(screen.getByTestId("privacy-link-dialog")).toBeInTheDocument();
  });
});

describe("the register's place in the sidebar", () => {
  it("is shown to the owner", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/privacy", cachedRegister([]));
    expect(await screen.findByTestId("nav-privacy")).toHaveTextContent("Privacy requests");
  });

  it("is offered to owners and admins only", () => {
    const offered = (signedIn: Parameters<typeof routesFor>[0]) => routesFor(signedIn).some((r) => r.id === "privacy");
    expect(offered(memberSignedIn("owner"))).toBe(true);
    expect(offered(memberSignedIn("admin"))).toBe(true);
    expect(offered(memberSignedIn("agent"))).toBe(false);
    expect(offered(memberSignedIn("viewer"))).toBe(false);
    // Support acting as an admin keeps the admin's register, like the rest of their access.
    expect(offered(supportSignedIn("admin"))).toBe(true);
  });
});
