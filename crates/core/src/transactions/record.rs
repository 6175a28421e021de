//! The transaction record: what Dotloop (its CSV export or its API) or a person says
//! about one deal, and the envelope the store adds around it.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::TransactionId;

/// The property's address as Dotloop's "Property Address" section splits it. Text
/// throughout: ZIP codes keep their leading zeros.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct PropertyAddress {
    pub street_number: Option<String>,
    pub street_name: Option<String>,
    pub unit_number: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub county: Option<String>,
    pub country: Option<String>,
}

impl PropertyAddress {
    /// "12 Harbor Rd Unit 4, Portland, ME 04101": for lists and search.
    pub fn one_line(&self) -> String {
        let street = [&self.street_number, &self.street_name]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        let street = match &self.unit_number {
            Some(unit) if !street.is_empty() => format!("{street} Unit {unit}"),
            _ => street,
        };
        let region = [&self.state, &self.postal_code]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        [Some(street), self.city.clone(), Some(region)]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A person on the loop. Dotloop holds one role per person per loop; a role is absent
/// when the source does not say (the CSV export's `Agents` column carries names only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub name: String,
    /// Lower-cased.
    pub email: Option<String>,
    /// Dotloop's role code, e.g. `LISTING_AGENT`, `BUYER`.
    pub role: Option<String>,
}

/// A "Section / Field" value the model has no field for (brokerage custom sections
/// among them). Kept in the order the source gave them, and shown, never dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomField {
    /// Empty for a top-level export column the model does not use (`Created By`).
    pub section: String,
    pub field: String,
    pub value: String,
}

/// Everything known about a deal, as a source states it. An import compares these
/// field by field, so the store's own envelope (id, times, version) is kept apart in
/// [`Transaction`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TransactionFields {
    /// Dotloop's loop view id: the key imports match on. None for a deal entered by hand.
    pub loop_view_id: Option<String>,
    pub loop_id: Option<String>,
    pub profile_id: Option<String>,
    pub name: String,
    /// Dotloop's status code (`UNDER_CONTRACT`); CSV labels are turned into codes.
    pub status: Option<String>,
    /// Dotloop's transaction type (`LISTING_FOR_SALE`).
    pub transaction_type: Option<String>,
    pub address: PropertyAddress,
    pub mls_number: Option<String>,
    pub parcel_id: Option<String>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sale_price: Option<Decimal>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub original_price: Option<Decimal>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub current_price: Option<Decimal>,
    /// Percent of the price: 3 means 3 %.
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub commission_rate: Option<Decimal>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub commission_total: Option<Decimal>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub buy_side_split_percent: Option<Decimal>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sell_side_split_percent: Option<Decimal>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub buy_side_split_amount: Option<Decimal>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sell_side_split_amount: Option<Decimal>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub referral_percent: Option<Decimal>,
    pub referral_source: Option<String>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub earnest_money: Option<Decimal>,
    #[ts(type = "string | null")]
    pub contract_date: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub offer_date: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub listing_date: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub expiration_date: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub closing_date: Option<NaiveDate>,
    /// When the commission was paid, if it differs from the closing date; see
    /// [`TransactionFields::effective_paid_date`].
    #[ts(type = "string | null")]
    pub paid_date: Option<NaiveDate>,
    pub tags: Vec<String>,
    /// Brokerage-defined words (`Approved`, `Needs Review`).
    pub compliance_status: Option<String>,
    pub loop_url: Option<String>,
    /// When the loop was created and last changed in Dotloop.
    #[ts(type = "string | null")]
    pub loop_created_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub loop_updated_at: Option<DateTime<Utc>>,
    pub participants: Vec<Participant>,
    pub custom_fields: Vec<CustomField>,
}

impl TransactionFields {
    /// The paid date, which defaults to the closing date (1099 reports count by it).
    pub fn effective_paid_date(&self) -> Option<NaiveDate> {
        self.paid_date.or(self.closing_date)
    }

    /// What the transaction list's search matches: name, address and MLS number,
    /// lower-cased, so the server and the offline cache find the same deals.
    pub fn search_text(&self) -> String {
        let mls = self.mls_number.as_deref().unwrap_or("");
        format!("{} {} {mls}", self.name, self.address.one_line()).to_lowercase()
    }

    /// The price the deal is worth: the sale price, else the listing's current price,
    /// else its original one. Never the export's `Price` column alone, which is often 0.
    pub fn price(&self) -> Option<Decimal> {
        self.sale_price
            .or(self.current_price)
            .or(self.original_price)
    }
}

/// A transaction as the API and the cache hold it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    pub id: TransactionId,
    #[serde(flatten)]
    pub fields: TransactionFields,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// The tenant clock value of the write that last touched it.
    #[ts(type = "number")]
    pub version: i64,
}

macro_rules! transaction_fields {
    ($($variant:ident => $wire:literal,)+) => {
        /// A field of [`TransactionFields`], by its wire name: how import previews say
        /// what changes, and how health findings say what is wrong.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "camelCase")]
        pub enum TransactionField {
            $($variant,)+
        }

        impl TransactionField {
            pub const ALL: &'static [TransactionField] = &[$(TransactionField::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(TransactionField::$variant => $wire,)+
                }
            }
        }
    };
}

transaction_fields! {
    LoopViewId => "loopViewId",
    LoopId => "loopId",
    ProfileId => "profileId",
    Name => "name",
    Status => "status",
    TransactionType => "transactionType",
    Address => "address",
    MlsNumber => "mlsNumber",
    ParcelId => "parcelId",
    SalePrice => "salePrice",
    OriginalPrice => "originalPrice",
    CurrentPrice => "currentPrice",
    CommissionRate => "commissionRate",
    CommissionTotal => "commissionTotal",
    BuySideSplitPercent => "buySideSplitPercent",
    SellSideSplitPercent => "sellSideSplitPercent",
    BuySideSplitAmount => "buySideSplitAmount",
    SellSideSplitAmount => "sellSideSplitAmount",
    ReferralPercent => "referralPercent",
    ReferralSource => "referralSource",
    EarnestMoney => "earnestMoney",
    ContractDate => "contractDate",
    OfferDate => "offerDate",
    ListingDate => "listingDate",
    ExpirationDate => "expirationDate",
    ClosingDate => "closingDate",
    PaidDate => "paidDate",
    Tags => "tags",
    ComplianceStatus => "complianceStatus",
    LoopUrl => "loopUrl",
    LoopCreatedAt => "loopCreatedAt",
    LoopUpdatedAt => "loopUpdatedAt",
    Participants => "participants",
    CustomFields => "customFields",
}

impl TransactionFields {
    /// The fields on which `self` and `other` differ, in [`TransactionField::ALL`] order.
    pub fn differing_fields(&self, other: &TransactionFields) -> Vec<TransactionField> {
        use TransactionField as F;
        TransactionField::ALL
            .iter()
            .copied()
            .filter(|field| match field {
                F::LoopViewId => self.loop_view_id != other.loop_view_id,
                F::LoopId => self.loop_id != other.loop_id,
                F::ProfileId => self.profile_id != other.profile_id,
                F::Name => self.name != other.name,
                F::Status => self.status != other.status,
                F::TransactionType => self.transaction_type != other.transaction_type,
                F::Address => self.address != other.address,
                F::MlsNumber => self.mls_number != other.mls_number,
                F::ParcelId => self.parcel_id != other.parcel_id,
                F::SalePrice => self.sale_price != other.sale_price,
                F::OriginalPrice => self.original_price != other.original_price,
                F::CurrentPrice => self.current_price != other.current_price,
                F::CommissionRate => self.commission_rate != other.commission_rate,
                F::CommissionTotal => self.commission_total != other.commission_total,
                F::BuySideSplitPercent => {
                    self.buy_side_split_percent != other.buy_side_split_percent
                }
                F::SellSideSplitPercent => {
                    self.sell_side_split_percent != other.sell_side_split_percent
                }
                F::BuySideSplitAmount => self.buy_side_split_amount != other.buy_side_split_amount,
                F::SellSideSplitAmount => {
                    self.sell_side_split_amount != other.sell_side_split_amount
                }
                F::ReferralPercent => self.referral_percent != other.referral_percent,
                F::ReferralSource => self.referral_source != other.referral_source,
                F::EarnestMoney => self.earnest_money != other.earnest_money,
                F::ContractDate => self.contract_date != other.contract_date,
                F::OfferDate => self.offer_date != other.offer_date,
                F::ListingDate => self.listing_date != other.listing_date,
                F::ExpirationDate => self.expiration_date != other.expiration_date,
                F::ClosingDate => self.closing_date != other.closing_date,
                F::PaidDate => self.paid_date != other.paid_date,
                F::Tags => self.tags != other.tags,
                F::ComplianceStatus => self.compliance_status != other.compliance_status,
                F::LoopUrl => self.loop_url != other.loop_url,
                F::LoopCreatedAt => self.loop_created_at != other.loop_created_at,
                F::LoopUpdatedAt => self.loop_updated_at != other.loop_updated_at,
                F::Participants => self.participants != other.participants,
                F::CustomFields => self.custom_fields != other.custom_fields,
            })
            .collect()
    }
}

impl TransactionFields {
    /// Sets one field of `self` to `source`'s value of it.
    pub fn copy_field(&mut self, source: &TransactionFields, field: TransactionField) {
        use TransactionField as F;
        match field {
            F::LoopViewId => self.loop_view_id.clone_from(&source.loop_view_id),
            F::LoopId => self.loop_id.clone_from(&source.loop_id),
            F::ProfileId => self.profile_id.clone_from(&source.profile_id),
            F::Name => self.name.clone_from(&source.name),
            F::Status => self.status.clone_from(&source.status),
            F::TransactionType => self.transaction_type.clone_from(&source.transaction_type),
            F::Address => self.address.clone_from(&source.address),
            F::MlsNumber => self.mls_number.clone_from(&source.mls_number),
            F::ParcelId => self.parcel_id.clone_from(&source.parcel_id),
            F::SalePrice => self.sale_price = source.sale_price,
            F::OriginalPrice => self.original_price = source.original_price,
            F::CurrentPrice => self.current_price = source.current_price,
            F::CommissionRate => self.commission_rate = source.commission_rate,
            F::CommissionTotal => self.commission_total = source.commission_total,
            F::BuySideSplitPercent => self.buy_side_split_percent = source.buy_side_split_percent,
            F::SellSideSplitPercent => {
                self.sell_side_split_percent = source.sell_side_split_percent
            }
            F::BuySideSplitAmount => self.buy_side_split_amount = source.buy_side_split_amount,
            F::SellSideSplitAmount => self.sell_side_split_amount = source.sell_side_split_amount,
            F::ReferralPercent => self.referral_percent = source.referral_percent,
            F::ReferralSource => self.referral_source.clone_from(&source.referral_source),
            F::EarnestMoney => self.earnest_money = source.earnest_money,
            F::ContractDate => self.contract_date = source.contract_date,
            F::OfferDate => self.offer_date = source.offer_date,
            F::ListingDate => self.listing_date = source.listing_date,
            F::ExpirationDate => self.expiration_date = source.expiration_date,
            F::ClosingDate => self.closing_date = source.closing_date,
            F::PaidDate => self.paid_date = source.paid_date,
            F::Tags => self.tags.clone_from(&source.tags),
            F::ComplianceStatus => self.compliance_status.clone_from(&source.compliance_status),
            F::LoopUrl => self.loop_url.clone_from(&source.loop_url),
            F::LoopCreatedAt => self.loop_created_at = source.loop_created_at,
            F::LoopUpdatedAt => self.loop_updated_at = source.loop_updated_at,
            F::Participants => self.participants.clone_from(&source.participants),
            F::CustomFields => self.custom_fields.clone_from(&source.custom_fields),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paid_date_defaults_to_closing_date() {
        let closing = NaiveDate::from_ymd_opt(2025, 10, 30);
        let mut fields = TransactionFields {
            closing_date: closing,
            ..Default::default()
        };
        assert_eq!(fields.effective_paid_date(), closing);
        fields.paid_date = NaiveDate::from_ymd_opt(2025, 11, 4);
        assert_eq!(fields.effective_paid_date(), fields.paid_date);
    }

    #[test]
    fn differing_fields_names_exactly_what_changed() {
        let before = TransactionFields {
            name: "12 Harbor Rd".into(),
            sale_price: Some(Decimal::new(599_900, 0)),
            ..Default::default()
        };
        let mut after = before.clone();
        assert!(before.differing_fields(&after).is_empty());
        after.sale_price = Some(Decimal::new(600_000, 0));
        after.address.postal_code = Some("04101".into());
        assert_eq!(
            before.differing_fields(&after),
            vec![TransactionField::Address, TransactionField::SalePrice]
        );
    }

    #[test]
    fn transaction_serialises_flat_with_money_as_text() {
        let transaction = Transaction {
            id: TransactionId::new(),
            fields: TransactionFields {
                name: "12 Harbor Rd".into(),
                sale_price: Some("667900.00".parse().unwrap()),
                ..Default::default()
            },
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 3,
        };
        let json = serde_json::to_value(&transaction).unwrap();
        assert_eq!(json["salePrice"], "667900.00");
        assert_eq!(json["name"], "12 Harbor Rd");
        let back: Transaction = serde_json::from_value(json).unwrap();
        assert_eq!(back, transaction);
    }

    #[test]
    fn the_ui_type_is_the_record_with_its_fields_inlined() {
        let (file, text) = crate::bindings_check::render::<Transaction>();
        assert_eq!(file, "Transaction.ts");
        for field in [
            "id: TransactionId",
            "version: number",
            "salePrice: string | null",
        ] {
            assert!(text.contains(field), "{field} in {text}");
        }
        assert!(text.contains("closingDate: string | null"), "{text}");
    }

    #[test]
    fn search_text_covers_name_address_and_mls() {
        let deal = TransactionFields {
            name: "Harbor Condo".into(),
            mls_number: Some("ME-1001".into()),
            address: PropertyAddress {
                city: Some("Portland".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(deal.search_text(), "harbor condo portland me-1001");
    }

    #[test]
    fn one_line_address_keeps_leading_zeros() {
        let address = PropertyAddress {
            street_number: Some("12".into()),
            street_name: Some("Harbor Rd".into()),
            unit_number: Some("4".into()),
            city: Some("Portland".into()),
            state: Some("ME".into()),
            postal_code: Some("04101".into()),
            ..Default::default()
        };
        assert_eq!(
            address.one_line(),
            "12 Harbor Rd Unit 4, Portland, ME 04101"
        );
    }
}
