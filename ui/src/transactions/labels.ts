import type { StatusGroup } from "../bindings/StatusGroup";
import type { TransactionField } from "../bindings/TransactionField";
import type { TransactionSort } from "../bindings/TransactionSort";

export const STATUS_GROUPS: readonly StatusGroup[] = ["active", "pending", "closed", "cancelled"];
export const STATUS_GROUP_LABELS: Record<StatusGroup, string> = {
  active: "Active",
  pending: "Pending",
  closed: "Closed",
  cancelled: "Cancelled",
};

/** Dotloop's transaction types (../shared/dotloop.md). */
export const TYPES = ["PURCHASE_OFFER", "LISTING_FOR_SALE", "LISTING_FOR_LEASE", "LEASE_OFFER", "REAL_ESTATE_OTHER", "OTHER"] as const;

/** Dotloop's statuses, for the edit form's list (a deal may hold others, kept as they are). */
export const STATUSES = [
  "NEW",
  "PRE_LISTING",
  "PRIVATE_LISTING",
  "ACTIVE_LISTING",
  "PRE_OFFER",
  "IN_PROGRESS",
  "UNDER_CONTRACT",
  "SOLD",
  "LEASED",
  "DONE",
  "ARCHIVED",
  "WITHDRAWN",
  "TERMINATED",
] as const;

/** A Dotloop code (`UNDER_CONTRACT`) as words ("Under contract"). */
export function codeLabel(code: string | null): string {
  if (!code) return "";
  const words = code.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const SORTS: readonly TransactionSort[] = ["closing_desc", "closing_asc", "name_asc", "price_desc", "quality_asc", "updated_desc"];
export const SORT_LABELS: Record<TransactionSort, string> = {
  closing_desc: "Latest closing",
  closing_asc: "Earliest closing",
  name_asc: "Name",
  price_desc: "Highest price",
  quality_asc: "Worst data quality",
  updated_desc: "Recently updated",
};

export const FIELD_LABELS: Record<TransactionField, string> = {
  loopViewId: "Loop view id",
  loopId: "Loop id",
  profileId: "Profile id",
  name: "Name",
  status: "Status",
  transactionType: "Type",
  address: "Address",
  mlsNumber: "MLS number",
  parcelId: "Parcel id",
  salePrice: "Sale price",
  originalPrice: "Original price",
  currentPrice: "Current price",
  commissionRate: "Commission rate %",
  commissionTotal: "Commission total",
  buySideSplitPercent: "Buy-side split %",
  sellSideSplitPercent: "Sell-side split %",
  buySideSplitAmount: "Buy-side split $",
  sellSideSplitAmount: "Sell-side split $",
  referralPercent: "Referral %",
  referralSource: "Referral source",
  earnestMoney: "Earnest money",
  contractDate: "Contract date",
  offerDate: "Offer date",
  listingDate: "Listing date",
  expirationDate: "Expiration date",
  closingDate: "Closing date",
  paidDate: "Paid date",
  tags: "Tags",
  complianceStatus: "Compliance status",
  loopUrl: "Loop URL",
  loopCreatedAt: "Created in Dotloop",
  loopUpdatedAt: "Updated in Dotloop",
  participants: "Participants",
  customFields: "Custom fields",
};

/** A field's label from its wire name (pending fields come as plain strings). */
export const fieldLabel = (field: string) => FIELD_LABELS[field as TransactionField] ?? field;

const USD = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** Money from Rust (decimal text) for reading; the text itself where it is not a number. */
export function formatMoney(amount: string | null): string {
  if (amount === null) return "";
  const value = Number(amount);
  return Number.isFinite(value) ? USD.format(value) : amount;
}
