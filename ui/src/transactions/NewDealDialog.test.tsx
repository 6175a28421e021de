import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Transaction } from "../bindings/Transaction";
import { renderSignedIn } from "../test/app";
import { memberSignedIn } from "../test/fixtures";
import { deal, detail, pagesOf } from "./testTransactions";

describe("a deal entered by hand", () => {
  it("sends only the fields filled in, then opens the new deal pending sync", async () => {
    let created: Transaction | null = null;
    const calls = await renderSignedIn(memberSignedIn("admin"), "#/transactions", {
      transaction_rows: pagesOf([]),
      roster_rows: () => [],
      rejected_edits: () => [],
      create_transaction: (args) => {
        const sent = args.deal as Partial<Transaction>;
        created = deal(7, { ...sent, loopViewId: null, loopUrl: null, participants: [] });
        return created;
      },
      commission_overrides: () => [],
      transaction_detail: () => detail(created!, { edit: "pending" }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("tx-new-open"));
    const dialog = screen.getByTestId("new-deal-dialog");
    await user.type(within(dialog).getByTestId("new-deal-name"), "4 Pier Rd");
    await user.selectOptions(within(dialog).getByTestId("new-deal-status"), "UNDER_CONTRACT");
    await user.type(within(dialog).getByTestId("new-deal-address-postalCode"), "04101");
    await user.type(within(dialog).getByTestId("new-deal-salePrice"), "510000.00");
    await user.type(within(dialog).getByTestId("new-deal-closingDate"), "2026-12-20");
    await user.click(screen.getByTestId("new-deal-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "create_transaction")).toBe(true));
    expect(calls.find((c) => c.cmd === "create_transaction")?.args).toEqual({
      deal: {
        name: "4 Pier Rd",
        status: "UNDER_CONTRACT",
        salePrice: "510000.00",
        closingDate: "2026-12-20",
        address: { streetNumber: null, streetName: null, city: null, state: null, postalCode: "04101" },
      },
    });
    const pane = await screen.findByTestId("tx-detail");
    expect(within(pane).getByTestId("tx-edit-state")).toHaveTextContent("Pending sync");
    expect(screen.queryByTestId("new-deal-dialog")).not.toBeInTheDocument();
  });

  it("keeps the dialog open with core's reason when the deal is refused", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/transactions", {
      transaction_rows: pagesOf([]),
      roster_rows: () => [],
      rejected_edits: () => [],
      create_transaction: () => {
        throw { code: "quota_exceeded", message: "Your Free plan allows 1,000 transactions and you have 1,000. Upgrade to add more." };
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("tx-new-open"));
    await user.type(screen.getByTestId("new-deal-name"), "4 Pier Rd");
    await user.click(screen.getByTestId("new-deal-save"));
    expect(await screen.findByTestId("new-deal-error")).toHaveTextContent("allows 1,000 transactions");
    expect(screen.getByTestId("new-deal-dialog")).toBeInTheDocument();
  });

  it("is not offered to a role that cannot write deals", async () => {
    await renderSignedIn(memberSignedIn("agent"), "#/transactions", {
      transaction_rows: pagesOf([]),
      roster_rows: () => [],
      rejected_edits: () => [],
    });
    await screen.findByTestId("tx-count");
    expect(screen.queryByTestId("tx-new-open")).not.toBeInTheDocument();
  });
});
