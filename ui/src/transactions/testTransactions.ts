import type { Edited } from "../bindings/Edited";
import type { RosterAgent } from "../bindings/RosterAgent";
import type { Transaction } from "../bindings/Transaction";
import type { TransactionDetail } from "../bindings/TransactionDetail";
import type { TransactionListQuery } from "../bindings/TransactionListQuery";
import type { TransactionRow } from "../bindings/TransactionRow";
import type { TransactionRowPage } from "../bindings/TransactionRowPage";

export function deal(n: number, overrides: Partial<Transaction> = {}): Transaction {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    loopViewId: String(34523400 + n),
    loopId: String(9000 + n),
    profileId: null,
    name: `${n} Harbor Rd`,
    status: "UNDER_CONTRACT",
    transactionType: "PURCHASE_OFFER",
    address: { streetNumber: String(n), streetName: "Harbor Rd", unitNumber: null, city: "Portland", state: "ME", postalCode: "04101", county: null, country: null },
    mlsNumber: `ME-${1000 + n}`,
    parcelId: null,
    salePrice: "400000.00",
    originalPrice: null,
    currentPrice: null,
    commissionRate: "3",
    commissionTotal: "12000.00",
    buySideSplitPercent: null,
    sellSideSplitPercent: null,
    buySideSplitAmount: null,
    sellSideSplitAmount: null,
    referralPercent: null,
    referralSource: null,
    earnestMoney: null,
    contractDate: null,
    offerDate: null,
    listingDate: null,
    expirationDate: null,
    closingDate: "2025-10-29",
    paidDate: null,
    tags: [],
    complianceStatus: null,
    loopUrl: `https://www.dotloop.com/my/loop/${34523400 + n}`,
    loopCreatedAt: null,
    loopUpdatedAt: null,
    participants: [],
    customFields: [],
    createdAt: "2026-03-01T10:00:00Z",
    updatedAt: "2026-03-01T10:00:00Z",
    version: 3,
    ...overrides,
  };
}

export function row(t: Transaction, overrides: Partial<TransactionRow> = {}): TransactionRow {
  return {
    id: t.id,
    loopViewId: t.loopViewId,
    name: t.name,
    address: `${t.address.streetNumber} ${t.address.streetName}, ${t.address.city}`,
    mlsNumber: t.mlsNumber,
    status: t.status,
    statusGroup: "pending",
    transactionType: t.transactionType,
    price: t.salePrice,
    closingDate: t.closingDate,
    agents: ["Alice Agent"],
    qualityScore: 100,
    findings: 0,
    edit: "synced",
    ...overrides,
  };
}

/** Answers `transaction_rows` from `rows`, a window at a time, as the cache would. */
export function pagesOf(rows: TransactionRow[]) {
  return (args: Record<string, unknown>): TransactionRowPage => {
    const query = args.query as TransactionListQuery;
    const limit = query.limit ?? 200;
    const end = query.offset + limit;
    return { rows: rows.slice(query.offset, end), total: rows.length, nextOffset: end < rows.length ? end : null };
  };
}

export function detail(t: Transaction, overrides: Partial<TransactionDetail> = {}): TransactionDetail {
  return {
    transaction: t,
    edit: "synced",
    pendingFields: [],
    statusGroup: "pending",
    participants: [],
    sides: { sell: false, buy: false },
    findings: [],
    qualityScore: 100,
    ...overrides,
  };
}

export const ALICE: RosterAgent = {
  id: "11111111-1111-4111-8111-111111111111",
  name: "Alice Agent",
  email: "alice@acme.test",
  memberId: null,
  office: "Downtown",
  team: null,
  anniversary: null,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

export const rosterOf = (...agents: RosterAgent[]): Edited<RosterAgent>[] =>
  agents.map((record) => ({ record, edit: "synced", pendingFields: [], revoking: false }));
