import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { TransactionListQuery } from "../bindings/TransactionListQuery";
import { renderSignedIn } from "../test/app";
import { memberSignedIn } from "../test/fixtures";
import { ALICE, deal, detail, pagesOf, row, rosterOf } from "./testTransactions";

const DEALS = [deal(1), deal(2, { name: "9 Elm St", status: "ACTIVE_LISTING" }), deal(3, { name: "77 Ocean Ave" })];

const rows = () => within(screen.getByTestId("tx-table")).queryAllByRole("row").slice(1);
const lastQuery = (calls: { cmd: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.cmd === "transaction_rows").at(-1)?.args.query as TransactionListQuery;

describe("transactions page", () => {
  beforeEach(() => localStorage.clear());

  it("lists the cached deals and sends every filter to the cache query", async () => {
    const calls = await renderSignedIn(memberSignedIn(), "#/transactions", {
      transaction_rows: pagesOf(DEALS.map((d) => row(d))),
      roster_rows: () => rosterOf(ALICE),
      rejected_edits: () => [],
    });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows()[0]).toHaveTextContent("1 Harbor Rd");
    expect(rows()[0]).toHaveTextContent("$400,000.00");
    expect(screen.getByTestId("tx-count")).toHaveTextContent("3 transactions");
    await user.selectOptions(screen.getByTestId("tx-filter-status"), "closed");
    await user.selectOptions(screen.getByTestId("tx-filter-type"), "LISTING_FOR_SALE");
    await user.selectOptions(screen.getByTestId("tx-filter-agent"), ALICE.id);
    await user.selectOptions(screen.getByTestId("tx-filter-office"), "Downtown");
    await user.type(screen.getByTestId("tx-closing-from"), "2025-09-01");
    await user.type(screen.getByTestId("tx-search"), "harbor");
    await user.selectOptions(screen.getByTestId("tx-sort"), "quality_asc");
    await waitFor(() =>
      expect(lastQuery(calls)).toMatchObject({
        statusGroup: "closed",
        transactionType: "LISTING_FOR_SALE",
        agent: ALICE.id,
        office: "Downtown",
        closingFrom: "2025-09-01",
        closingTo: null,
        q: "harbor",
        sort: "quality_asc",
        offset: 0,
      }),
    );
  });

  it("reads the next window of a long list as the table scrolls near its end", async () => {
    const many = Array.from({ length: 450 }, (_, i) => row(deal(i + 1)));
    const calls = await renderSignedIn(memberSignedIn(), "#/transactions", {
      transaction_rows: pagesOf(many),
      roster_rows: () => [],
      rejected_edits: () => [],
    });
    await waitFor(() => expect(screen.getByTestId("tx-count")).toHaveTextContent("450 transactions"));
    expect(rows().length).toBeLessThan(60);
    const scroller = screen.getByTestId("tx-table").querySelector("[data-virtual-scroll]")!;
    scroller.scrollTop = 200 * 44;
    scroller.dispatchEvent(new Event("scroll"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "transaction_rows").map((c) => (c.args.query as TransactionListQuery).offset)).toContain(200));
  });

  it("saves a view locally and brings it back", async () => {
    const calls = await renderSignedIn(memberSignedIn(), "#/transactions", {
      transaction_rows: pagesOf(DEALS.map((d) => row(d))),
      roster_rows: () => rosterOf(ALICE),
      rejected_edits: () => [],
    });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByTestId("tx-filter-status"), "pending");
    await user.type(screen.getByTestId("view-name"), "Pending deals");
    await user.click(screen.getByTestId("save-view"));
    expect(JSON.parse(localStorage.getItem("brokerdesk.transactionViews") ?? "[]")).toEqual([
      expect.objectContaining({ name: "Pending deals", filter: expect.objectContaining({ statusGroup: "pending" }) }),
    ]);
    await user.click(screen.getByRole("button", { name: "All transactions" }));
    expect(screen.getByTestId("tx-filter-status")).toHaveValue("");
    await user.click(screen.getByRole("button", { name: "Pending deals" }));
    expect(screen.getByTestId("tx-filter-status")).toHaveValue("pending");
    expect(lastQuery(calls).statusGroup).toBe("pending");
  });

  it("marks rows whose edits have not reached the server", async () => {
    await renderSignedIn(memberSignedIn(), "#/transactions", {
      transaction_rows: pagesOf([row(DEALS[0]!, { edit: "pending" }), row(DEALS[1]!)]),
      roster_rows: () => [],
      rejected_edits: () => [],
    });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]).toHaveTextContent("Pending sync");
    expect(rows()[0]).toHaveClass("vtable__row--pending");
    expect(rows()[1]).not.toHaveTextContent("Pending sync");
  });
});

describe("transaction detail", () => {
  const harbor = deal(1, {
    participants: [
      { name: "Alice Agent", email: "alice@acme.test", role: "LISTING_AGENT" },
      { name: "Olga Outside", email: null, role: null },
    ],
    customFields: [{ section: "Lead Source", field: "Lead Source", value: "Zillow" }],
  });
  const withEverything = detail(harbor, {
    participants: [
      {
        participant: harbor.participants[0]!,
        agent: { agentId: ALICE.id, name: "Alice Agent", office: "Downtown", matchedBy: "email", side: "sell" },
        unmatchedAgent: false,
      },
      { participant: harbor.participants[1]!, agent: null, unmatchedAgent: true },
    ],
    sides: { sell: true, buy: false },
    findings: [
      { code: "missing_mls_number", fields: ["mlsNumber"], message: "The loop has no MLS number.", loopUrl: harbor.loopUrl },
    ],
    qualityScore: 95,
  });

  it("shows participants, custom fields and findings, and opens the loop in Dotloop", async () => {
    const calls = await renderSignedIn(memberSignedIn(), "#/transactions", {
      transaction_rows: pagesOf([row(harbor)]),
      roster_rows: () => rosterOf(ALICE),
      rejected_edits: () => [],
      commission_overrides: () => [],
      transaction_detail: () => withEverything,
      open_in_dotloop: () => null,
    });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(1));
    await user.click(rows()[0]!);
    const pane = await screen.findByTestId("tx-detail");
    const people = await within(pane).findAllByTestId("tx-participant");
    expect(people[0]).toHaveTextContent("Roster: Alice Agent (Downtown), by email");
    expect(people[1]).toHaveTextContent("Not on the roster");
    expect(within(pane).getByTestId("tx-sides")).toHaveTextContent("sell side");
    expect(within(pane).getByTestId("tx-custom-fields")).toHaveTextContent("Lead Source / Lead SourceZillow");
    expect(within(pane).getByTestId("tx-quality")).toHaveTextContent("95/100");
    expect(within(pane).getByTestId("tx-finding")).toHaveTextContent("The loop has no MLS number.MLS number");
    await user.click(within(pane).getByTestId("tx-open-dotloop"));
    expect(calls.find((c) => c.cmd === "open_in_dotloop")?.args).toEqual({ url: "https://www.dotloop.com/my/loop/34523401" });
  });

  it("queues only the changed fields and shows the deal pending", async () => {
    let current = withEverything;
    const calls = await renderSignedIn(memberSignedIn(), "#/transactions", {
      transaction_rows: pagesOf([row(harbor)]),
      roster_rows: () => [],
      rejected_edits: () => [],
      commission_overrides: () => [],
      transaction_detail: () => current,
      edit_transaction: (args) => {
        const changes = args.changes as { status: string };
        current = { ...current, transaction: { ...current.transaction, status: changes.status }, edit: "pending", pendingFields: ["status"] };
        return current.transaction;
      },
    });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(1));
    await user.click(rows()[0]!);
    const pane = await screen.findByTestId("tx-detail");
    expect(await within(pane).findByTestId("tx-edit-address-postalCode")).toHaveValue("04101");
    await user.selectOptions(within(pane).getByTestId("tx-edit-status"), "SOLD");
    await user.clear(within(pane).getByTestId("tx-edit-closingDate"));
    await user.click(within(pane).getByTestId("tx-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "edit_transaction")).toBe(true));
    expect(calls.find((c) => c.cmd === "edit_transaction")?.args).toEqual({
      transactionId: harbor.id,
      changes: { status: "SOLD", closingDate: null },
    });
    expect(await within(pane).findByTestId("tx-edit-state")).toHaveTextContent("Pending sync");
    expect(within(pane).getByTestId("tx-pending-fields")).toHaveTextContent("Not yet on the server: Status");
  });

  it("shows why core refused an edit", async () => {
    await renderSignedIn(memberSignedIn(), "#/transactions", {
      transaction_rows: pagesOf([row(harbor)]),
      roster_rows: () => [],
      rejected_edits: () => [],
      commission_overrides: () => [],
      transaction_detail: () => withEverything,
      edit_transaction: () => {
        throw { code: "invalid_transaction", message: "The commission rate is a percent from 0 to 100." };
      },
    });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(1));
    await user.click(rows()[0]!);
    const rate = await screen.findByTestId("tx-edit-commissionRate");
    await user.clear(rate);
    await user.type(rate, "300000");
    await user.click(screen.getByTestId("tx-save"));
    expect(await screen.findByTestId("tx-save-error")).toHaveTextContent("percent from 0 to 100");
  });

  it("is read-only for a role that cannot write transactions", async () => {
    await renderSignedIn(memberSignedIn("viewer"), "#/transactions", {
      transaction_rows: pagesOf([row(harbor)]),
      roster_rows: () => [],
      rejected_edits: () => [],
      commission_overrides: () => [],
      transaction_detail: () => withEverything,
    });
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByTestId("tx-import-open")).toBeNull();
    await user.click(rows()[0]!);
    expect(await screen.findByTestId("tx-read-only")).toBeInTheDocument();
    expect(screen.getByTestId("tx-edit-status")).toBeDisabled();
  });
});
