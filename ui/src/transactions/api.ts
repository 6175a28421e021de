import { call, withProgress } from "../api/commands";
import type { DotloopImportPreview } from "../bindings/DotloopImportPreview";
import type { DotloopImportResult } from "../bindings/DotloopImportResult";
import type { Transaction } from "../bindings/Transaction";
import type { TransactionDetail } from "../bindings/TransactionDetail";
import type { TransactionListQuery } from "../bindings/TransactionListQuery";
import type { TransactionRowPage } from "../bindings/TransactionRowPage";
import type { TransferProgress } from "../bindings/TransferProgress";

/**
 * A change to some of a deal's fields, as core's `TransactionChanges` reads it: absent
 * fields stay, `null` clears an optional one.
 */
export type TransactionChanges = Partial<
  Pick<
    Transaction,
    | "name"
    | "status"
    | "transactionType"
    | "address"
    | "mlsNumber"
    | "parcelId"
    | "salePrice"
    | "originalPrice"
    | "currentPrice"
    | "commissionRate"
    | "commissionTotal"
    | "buySideSplitPercent"
    | "sellSideSplitPercent"
    | "buySideSplitAmount"
    | "sellSideSplitAmount"
    | "referralPercent"
    | "referralSource"
    | "earnestMoney"
    | "contractDate"
    | "offerDate"
    | "listingDate"
    | "expirationDate"
    | "closingDate"
    | "paidDate"
    | "tags"
    | "complianceStatus"
    | "participants"
    | "customFields"
  >
>;

export const transactionKeys = {
  all: ["transactions"],
  list: (query: unknown) => ["transactions", "list", query],
  detail: (id: string) => ["transactions", "detail", id],
} as const;

// Reads and edits go to the encrypted cache and its outbox, so they work offline; the
// sync engine carries edits and imports to the server.

export const transactionRows = (query: TransactionListQuery) => call<TransactionRowPage>("transaction_rows", { query });
export const transactionDetail = (transactionId: string) => call<TransactionDetail>("transaction_detail", { transactionId });
export const editTransaction = (transactionId: string, changes: TransactionChanges) =>
  call<Transaction>("edit_transaction", { transactionId, changes });
/** A deal entered by hand (core's `NewTransaction`: the fields of a change, with a name). */
export const createTransaction = (deal: TransactionChanges) => call<Transaction>("create_transaction", { deal });
/** Opens the loop in the system browser (Dotloop web addresses only). */
export const openInDotloop = (url: string) => call<null>("open_in_dotloop", { url });

/** The file's bytes as base64: an export saved by Excel is Windows-1252, and only core may decode it. */
export async function fileAsBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const CHUNK = 0x8000;
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** What importing the export would do, row by row, against the deals on this computer. */
export const previewDotloopImport = (file: string) => call<DotloopImportPreview>("preview_dotloop_import", { file });
/** Queues what the preview showed, reporting writes queued. */
export const applyDotloopImport = (file: string, onProgress: (p: TransferProgress) => void) =>
  withProgress<DotloopImportResult>("apply_dotloop_import", { file }, onProgress);
