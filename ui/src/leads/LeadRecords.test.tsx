import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CallDecision } from "../bindings/CallDecision";
import type { ConsentEntry } from "../bindings/ConsentEntry";
import type { DncEntry } from "../bindings/DncEntry";
import type { NewConsent } from "../bindings/NewConsent";
import type { NewDncEntry } from "../bindings/NewDncEntry";
import type { Role } from "../bindings/Role";
import { renderSignedIn, type Handlers } from "../test/app";
import { TEAM, memberSignedIn } from "../test/fixtures";
import { allowedCall, detail, lead, listFrom, synced } from "./testLeads";

const ANN = lead(1, { name: "Ann Lee", phones: ["+14155550100"], emails: ["ann@lee.example"] });

const noWrittenConsent: CallDecision = {
  allowed: false,
  reason: "no_written_consent",
  message: "An AI voice call to +14155550100 needs prior express written consent, and none is on file.",
  localTime: "10:15",
  timeZone: "America/New_York",
};

/** A fake cache behind the commands: the ledger and the list change as the app writes. */
function fakeCache() {
  const consents: ConsentEntry[] = [];
  const dnc: DncEntry[] = [];
  const handlers: Handlers = {
    lead_detail: () => detail(ANN, { consents: [...consents] }),
    call_check: () => {
      if (dnc.some((d) => d.phone === "+14155550100")) {
        return { ...noWrittenConsent, reason: "on_do_not_call_list", message: "+14155550100 is on the do-not-call list." };
      }
      const latest = consents.filter((c) => c.channel === "call").at(-1);
      return latest?.action === "granted" && latest.written ? allowedCall : noWrittenConsent;
    },
    record_consent: (args) => {
      const consent = args.consent as NewConsent;
      const entry: ConsentEntry = {
        ...consent,
        id: `c-${consents.length + 1}`,
        leadId: args.leadId as string,
        capturedAt: `2026-03-03T10:0${consents.length}:00Z`,
        recordedBy: "user:1",
        recordedAt: `2026-03-03T10:0${consents.length}:00Z`,
        version: 0,
      };
      consents.push(entry);
      return entry;
    },
    dnc_list: () => [...dnc],
    add_dnc: (args) => {
      const entry = args.entry as NewDncEntry;
      const added: DncEntry = { id: `d-${dnc.length + 1}`, phone: entry.phone, reason: entry.reason, addedBy: "user:1", addedAt: "2026-03-03T10:00:00Z", version: 0 };
      dnc.push(added);
      return added;
    },
    remove_dnc: (args) => {
      dnc.splice(
        dnc.findIndex((d) => d.id === args.entryId),
        1,
      );
      return null;
    },
  };
  return { consents, dnc, handlers };
}

async function openAnn(role: Role, handlers: Handlers) {
  const calls = await renderSignedIn(memberSignedIn(role), "#/leads", {
    list_leads: listFrom([synced(ANN)]),
    list_users: () => TEAM,
    ...handlers,
  });
  const user = userEvent.setup();
  await user.click(await within(await screen.findByTestId("lead-table")).findByText("Ann Lee"));
  await screen.findByTestId("consent-panel");
  return { calls, user };
}

describe("consent and do-not-call", () => {
  it("records written consent, and the call indicator changes from the cache", async () => {
    const cache = fakeCache();
    const { calls, user } = await openAnn("agent", cache.handlers);
    await waitFor(() => expect(screen.getByTestId("call-indicator")).toHaveAttribute("data-allowed", "false"));
    await user.click(screen.getByTestId("consent-record"));
    const dialog = await screen.findByTestId("consent-dialog");
    expect(within(dialog).getByTestId("consent-save")).toBeDisabled();
    await user.click(within(dialog).getByTestId("consent-written"));
    await user.type(within(dialog).getByTestId("consent-text"), "I agree to be called, including by AI voice.");
    await user.type(within(dialog).getByTestId("consent-where"), "Open house sign-in sheet");
    await user.click(within(dialog).getByTestId("consent-save"));
    await waitFor(() => expect(screen.queryByTestId("consent-dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "record_consent")?.args).toEqual({
      leadId: ANN.id,
      consent: {
        channel: "call",
        action: "granted",
        written: true,
        covers: "+14155550100",
        text: "I agree to be called, including by AI voice.",
        capturedAt: null,
        capturedWhere: "Open house sign-in sheet",
        evidence: { ip: null, userAgent: null },
      },
    });
    await waitFor(() => expect(screen.getByTestId("call-indicator")).toHaveAttribute("data-allowed", "true"));
    const ledger = screen.getByTestId("consent-ledger");
    expect(ledger).toHaveTextContent("Written consent Calls · +14155550100");
    expect(ledger).toHaveTextContent("Pending sync");
  });

  it("revokes the consent that decides, as a new entry, and the indicator says no again", async () => {
    const cache = fakeCache();
    const { calls, user } = await openAnn("admin", cache.handlers);
    await user.click(screen.getByTestId("consent-record"));
    await user.click(screen.getByTestId("consent-written"));
    await user.type(screen.getByTestId("consent-text"), "Yes, call me.");
    await user.click(screen.getByTestId("consent-save"));
    await waitFor(() => expect(screen.getByTestId("call-indicator")).toHaveAttribute("data-allowed", "true"));
    await user.click(screen.getByTestId("consent-revoke"));
    const dialog = await screen.findByTestId("consent-dialog");
    expect(dialog).toHaveTextContent("From now on +14155550100 may not be contacted by calls.");
    expect(within(dialog).queryByTestId("consent-written")).toBeNull();
    await user.type(within(dialog).getByTestId("consent-text"), "Stop calling me.");
    await user.click(within(dialog).getByTestId("consent-save"));
    await waitFor(() => expect(screen.getByTestId("call-indicator")).toHaveAttribute("data-allowed", "false"));
    expect(calls.filter((c) => c.cmd === "record_consent").at(-1)?.args.consent).toMatchObject({ action: "revoked", written: false, covers: "+14155550100", text: "Stop calling me." });
    // Only the latest entry for a number can be revoked; the revocation itself cannot.
    expect(screen.queryAllByTestId("consent-revoke")).toHaveLength(0);
  });

  it("shows why the cache refused a consent entry", async () => {
    const cache = fakeCache();
    const { user } = await openAnn("owner", {
      ...cache.handlers,
      record_consent: () => {
        throw { code: "invalid_consent", message: "A grant of consent must quote the exact text the person agreed to." };
      },
    });
    await user.click(screen.getByTestId("consent-record"));
    await user.type(screen.getByTestId("consent-text"), " x ");
    await user.click(screen.getByTestId("consent-save"));
    expect(await screen.findByTestId("consent-error")).toHaveTextContent("must quote the exact text");
    expect(screen.getByTestId("consent-dialog")).toBeInTheDocument();
  });

  it("lets an agent put the number on the do-not-call list but not take it off", async () => {
    const cache = fakeCache();
    const { calls, user } = await openAnn("agent", cache.handlers);
    await user.click(screen.getByTestId("dnc-add-open"));
    await user.type(screen.getByTestId("dnc-reason"), "Asked on a call");
    await user.click(screen.getByTestId("dnc-add"));
    expect(await screen.findByTestId("dnc-listed")).toHaveTextContent("On the do-not-call list: Asked on a call");
    expect(calls.find((c) => c.cmd === "add_dnc")?.args).toEqual({ entry: { phone: "+14155550100", reason: "Asked on a call" } });
    await waitFor(() => expect(screen.getByTestId("call-reason")).toHaveTextContent("is on the do-not-call list"));
    expect(screen.queryByTestId("dnc-remove")).toBeNull();
  });

  it("lets an admin take a number off the list, and the indicator follows", async () => {
    const cache = fakeCache();
    cache.dnc.push({ id: "d-9", phone: "+14155550100", reason: null, addedBy: "user:2", addedAt: "2026-03-01T10:00:00Z", version: 4 });
    const { calls, user } = await openAnn("admin", cache.handlers);
    await waitFor(() => expect(screen.getByTestId("call-reason")).toHaveTextContent("is on the do-not-call list"));
    await user.click(screen.getByTestId("dnc-remove"));
    await waitFor(() => expect(screen.queryByTestId("dnc-listed")).toBeNull());
    expect(calls.find((c) => c.cmd === "remove_dnc")?.args).toEqual({ entryId: "d-9" });
    await waitFor(() => expect(screen.getByTestId("call-reason")).toHaveTextContent("needs prior express written consent"));
  });

  it("manages the whole do-not-call list from the leads page", async () => {
    const cache = fakeCache();
    cache.dnc.push({ id: "d-9", phone: "+14155550142", reason: "Wrong number", addedBy: "user:2", addedAt: "2026-03-01T10:00:00Z", version: 4 });
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/leads", {
      list_leads: listFrom([]),
      list_users: () => TEAM,
      ...cache.handlers,
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("dnc-open"));
    const dialog = await screen.findByTestId("dnc-dialog");
    expect(within(dialog).getAllByTestId("dnc-entry")).toHaveLength(1);
    await user.type(within(dialog).getByTestId("dnc-new-phone"), "(415) 555-0199");
    await user.type(within(dialog).getByTestId("dnc-new-reason"), "Asked by email");
    await user.click(within(dialog).getByTestId("dnc-new-add"));
    await waitFor(() => expect(within(dialog).getAllByTestId("dnc-entry")).toHaveLength(2));
    expect(calls.find((c) => c.cmd === "add_dnc")?.args).toEqual({ entry: { phone: "(415) 555-0199", reason: "Asked by email" } });
    expect(within(dialog).getAllByTestId("dnc-entry")[1]).toHaveTextContent("Pending sync");
    await user.click(within(dialog).getByRole("button", { name: "Take +14155550142 off the list" }));
    await waitFor(() => expect(within(dialog).getAllByTestId("dnc-entry")).toHaveLength(1));
  });

  it("shows viewers the list without any way to change it", async () => {
    const cache = fakeCache();
    cache.dnc.push({ id: "d-9", phone: "+14155550142", reason: null, addedBy: "user:2", addedAt: "2026-03-01T10:00:00Z", version: 4 });
    await renderSignedIn(memberSignedIn("viewer"), "#/leads", { list_leads: listFrom([]), list_users: () => TEAM, ...cache.handlers });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("dnc-open"));
    const dialog = await screen.findByTestId("dnc-dialog");
    await waitFor(() => expect(within(dialog).getAllByTestId("dnc-entry")).toHaveLength(1));
    expect(within(dialog).queryByTestId("dnc-new-add")).toBeNull();
    expect(within(dialog).queryByRole("button", { name: /Take .* off the list/ })).toBeNull();
  });
});

describe("timeline", () => {
  it("says what the stage and the agent were and became", async () => {
    const [dana, , ava] = TEAM;
    await openAnn("owner", {
      lead_detail: () =>
        detail(ANN, {
          timeline: [
            { kind: "agent_changed", at: "2026-03-03T11:00:00Z", by: null, from: ava!.id, to: null, pending: true },
            { kind: "stage_changed", at: "2026-03-03T10:00:00Z", by: dana!.displayName, from: "new", to: "contacted", pending: false },
            { kind: "stage_changed", at: "2026-03-02T10:00:00Z", by: dana!.displayName, from: null, to: null, pending: false },
            { kind: "created", at: ANN.createdAt, source: ANN.source },
          ],
        }),
      call_check: () => allowedCall,
      dnc_list: () => [],
    });
    const items = within(screen.getByTestId("lead-timeline")).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent(`Assigned: ${ava!.displayName} → UnassignedPending sync`);
    expect(items[1]).toHaveTextContent(`Stage: New → Contacted`);
    expect(items[1]).toHaveTextContent(dana!.displayName);
    expect(items[2]).toHaveTextContent("Stage changed");
  });
});

describe("erasure", () => {
  it("asks an owner to confirm, naming the lead and saying it cannot be undone, then closes the lead", async () => {
    let erased = false;
    const { calls, user } = await openAnn("owner", {
      list_leads: (args) => listFrom(erased ? [] : [synced(ANN)])(args),
      lead_detail: () => {
        if (erased) throw { code: "not_found", message: "No such lead in the local cache." };
        return detail(ANN);
      },
      call_check: () => allowedCall,
      dnc_list: () => [],
      erase_lead: () => {
        erased = true;
        return null;
      },
    });
    await user.click(screen.getByTestId("erase-lead-open"));
    const dialog = await screen.findByTestId("erase-lead");
    expect(dialog).toHaveTextContent("Erase Ann Lee?");
    expect(dialog).toHaveTextContent("It cannot be undone.");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(calls.some((c) => c.cmd === "erase_lead")).toBe(false);
    await user.click(screen.getByTestId("erase-lead-open"));
    await user.click(screen.getByTestId("erase-lead-confirm"));
    await waitFor(() => expect(screen.queryByTestId("lead-detail")).toBeNull());
    expect(calls.find((c) => c.cmd === "erase_lead")?.args).toEqual({ leadId: ANN.id });
    await waitFor(() => expect(within(screen.getByTestId("lead-table")).queryByText("Ann Lee")).toBeNull());
  });

  it("is not offered to agents", async () => {
    await openAnn("agent", { lead_detail: () => detail(ANN), call_check: () => allowedCall, dnc_list: () => [] });
    expect(screen.queryByTestId("erase-lead-open")).toBeNull();
  });
});
