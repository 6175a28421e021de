//! Dotloop's detail keys (`Financials / Sale Commission Rate`…) and the transaction
//! field each one fills. The CSV export's `Section / Field` columns and the API's
//! detail sections use the same keys, so both importers read values through here and
//! agree to the cent. Keys the model has no field for become custom fields.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::record::{TransactionField as F, TransactionFields as T};
use super::values::{self, Read, Unreadable};

/// Something worth a person's look in one value of an import: the column (or detail
/// key) and the value as the source wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ValueFinding {
    pub column: String,
    pub value: String,
    /// `placeholder_value`, `unreadable_value`, `conflicting_duplicate`,
    /// `missing_loop_view`, `price_column_ignored`.
    pub code: String,
    pub message: String,
}

impl ValueFinding {
    pub fn new(code: &str, column: &str, value: &str, message: String) -> Self {
        Self {
            column: column.to_owned(),
            value: value.to_owned(),
            code: code.to_owned(),
            message,
        }
    }

    /// The finding for a value that could not be read, which is left empty.
    pub fn unreadable(column: &str, value: &str, why: Unreadable, kind: &str) -> Self {
        match why {
            Unreadable::Placeholder => Self::new(
                "placeholder_value",
                column,
                value,
                format!("{value:?} in {column} means \"unknown\"; it was left empty, not 0."),
            ),
            Unreadable::Malformed => Self::new(
                "unreadable_value",
                column,
                value,
                format!("{value:?} in {column} is not a {kind}; it was left empty."),
            ),
        }
    }
}

type TextSlot = fn(&mut T) -> &mut Option<String>;
type MoneySlot = fn(&mut T) -> &mut Option<Decimal>;
type DateSlot = fn(&mut T) -> &mut Option<NaiveDate>;

/// How a detail value is read and where it goes.
#[derive(Clone, Copy, Debug)]
pub enum Slot {
    /// Text; a placeholder (`n/a`, `none`) is a finding, not an MLS number or a source.
    Text(TextSlot),
    Money(MoneySlot),
    Percent(MoneySlot),
    Date(DateSlot),
}

/// A detail key the model has a field for.
#[derive(Clone, Copy, Debug)]
pub struct DetailKey {
    pub section: &'static str,
    pub key: &'static str,
    pub field: F,
    pub slot: Slot,
}

const fn key(section: &'static str, key: &'static str, field: F, slot: Slot) -> DetailKey {
    DetailKey {
        section,
        key,
        field,
        slot,
    }
}

const ADDRESS: &str = "Property Address";
const FINANCIALS: &str = "Financials";
const LISTING: &str = "Listing Information";

/// Every detail key with a field of its own (from ../shared/dotloop.md).
pub static DETAIL_KEYS: &[DetailKey] = &[
    key(
        ADDRESS,
        "Country",
        F::Address,
        Slot::Text(|t| &mut t.address.country),
    ),
    key(
        ADDRESS,
        "Street Number",
        F::Address,
        Slot::Text(|t| &mut t.address.street_number),
    ),
    key(
        ADDRESS,
        "Street Name",
        F::Address,
        Slot::Text(|t| &mut t.address.street_name),
    ),
    key(
        ADDRESS,
        "Unit Number",
        F::Address,
        Slot::Text(|t| &mut t.address.unit_number),
    ),
    key(
        ADDRESS,
        "City",
        F::Address,
        Slot::Text(|t| &mut t.address.city),
    ),
    key(
        ADDRESS,
        "State/Prov",
        F::Address,
        Slot::Text(|t| &mut t.address.state),
    ),
    key(
        ADDRESS,
        "Zip/Postal Code",
        F::Address,
        Slot::Text(|t| &mut t.address.postal_code),
    ),
    key(
        ADDRESS,
        "County",
        F::Address,
        Slot::Text(|t| &mut t.address.county),
    ),
    key(
        ADDRESS,
        "MLS Number",
        F::MlsNumber,
        Slot::Text(|t| &mut t.mls_number),
    ),
    key(
        ADDRESS,
        "Parcel/Tax ID",
        F::ParcelId,
        Slot::Text(|t| &mut t.parcel_id),
    ),
    key(
        FINANCIALS,
        "Purchase/Sale Price",
        F::SalePrice,
        Slot::Money(|t| &mut t.sale_price),
    ),
    key(
        FINANCIALS,
        "Sale Commission Rate",
        F::CommissionRate,
        Slot::Percent(|t| &mut t.commission_rate),
    ),
    key(
        FINANCIALS,
        "Sale Commission Split % - Buy Side",
        F::BuySideSplitPercent,
        Slot::Percent(|t| &mut t.buy_side_split_percent),
    ),
    key(
        FINANCIALS,
        "Sale Commission Split % - Sell Side",
        F::SellSideSplitPercent,
        Slot::Percent(|t| &mut t.sell_side_split_percent),
    ),
    key(
        FINANCIALS,
        "Sale Commission Total",
        F::CommissionTotal,
        Slot::Money(|t| &mut t.commission_total),
    ),
    key(
        FINANCIALS,
        "Sale Commission Split $ - Buy Side",
        F::BuySideSplitAmount,
        Slot::Money(|t| &mut t.buy_side_split_amount),
    ),
    key(
        FINANCIALS,
        "Sale Commission Split $ - Sell Side",
        F::SellSideSplitAmount,
        Slot::Money(|t| &mut t.sell_side_split_amount),
    ),
    key(
        FINANCIALS,
        "Earnest Money Amount",
        F::EarnestMoney,
        Slot::Money(|t| &mut t.earnest_money),
    ),
    key(
        "Contract Dates",
        "Contract Agreement Date",
        F::ContractDate,
        Slot::Date(|t| &mut t.contract_date),
    ),
    key(
        "Contract Dates",
        "Closing Date",
        F::ClosingDate,
        Slot::Date(|t| &mut t.closing_date),
    ),
    key(
        "Offer Dates",
        "Offer Date",
        F::OfferDate,
        Slot::Date(|t| &mut t.offer_date),
    ),
    key(
        "Referral",
        "Referral %",
        F::ReferralPercent,
        Slot::Percent(|t| &mut t.referral_percent),
    ),
    key(
        "Referral",
        "Referral Source",
        F::ReferralSource,
        Slot::Text(|t| &mut t.referral_source),
    ),
    key(
        LISTING,
        "Listing Date",
        F::ListingDate,
        Slot::Date(|t| &mut t.listing_date),
    ),
    key(
        LISTING,
        "Expiration Date",
        F::ExpirationDate,
        Slot::Date(|t| &mut t.expiration_date),
    ),
    key(
        LISTING,
        "Original Price",
        F::OriginalPrice,
        Slot::Money(|t| &mut t.original_price),
    ),
    key(
        LISTING,
        "Current Price",
        F::CurrentPrice,
        Slot::Money(|t| &mut t.current_price),
    ),
];

/// The key with a field of its own, matched without regard to case or surrounding
/// spaces, since exports from older accounts vary in both.
pub fn detail_key(section: &str, key: &str) -> Option<&'static DetailKey> {
    let (section, key) = (section.trim(), key.trim());
    DETAIL_KEYS
        .iter()
        .find(|d| d.section.eq_ignore_ascii_case(section) && d.key.eq_ignore_ascii_case(key))
}

fn store<V>(
    read: Read<V>,
    slot: &mut Option<V>,
    kind: &str,
    column: &str,
    raw: &str,
) -> Option<ValueFinding> {
    match read {
        Ok(Some(value)) => {
            *slot = Some(value);
            None
        }
        Ok(None) => None,
        Err(why) => Some(ValueFinding::unreadable(column, raw.trim(), why, kind)),
    }
}

impl Slot {
    /// Reads `raw` into the field. Only a value that reads overwrites what is there, so
    /// a detail fills in over the export's top-level column of the same meaning and an
    /// empty one leaves it. A value that cannot be read gives a finding instead.
    pub fn fill(self, fields: &mut T, column: &str, raw: &str) -> Option<ValueFinding> {
        match self {
            Slot::Text(slot) => store(values::known_text(raw), slot(fields), "text", column, raw),
            Slot::Money(slot) => store(
                values::money(raw),
                slot(fields),
                "amount of money",
                column,
                raw,
            ),
            Slot::Percent(slot) => {
                store(values::percent(raw), slot(fields), "percent", column, raw)
            }
            Slot::Date(slot) => store(values::date(raw), slot(fields), "date", column, raw),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_without_regard_to_case_or_spaces() {
        let found = detail_key(" financials", "Sale Commission Split $ - BUY SIDE ").unwrap();
        assert_eq!(found.field, F::BuySideSplitAmount);
        assert!(detail_key("Lead Source", "Lead Source").is_none());
    }

    #[test]
    fn a_placeholder_leaves_the_field_empty_with_a_finding() {
        let mut fields = T::default();
        let rate = detail_key("Financials", "Sale Commission Rate").unwrap();
        let finding = rate
            .slot
            .fill(&mut fields, "Financials / Sale Commission Rate", "TBD")
            .unwrap();
        assert_eq!(fields.commission_rate, None);
        assert_eq!(finding.code, "placeholder_value");
        assert_eq!(finding.value, "TBD");
        assert!(rate.slot.fill(&mut fields, "x", "3%").is_none());
        assert_eq!(fields.commission_rate, Some(Decimal::new(3, 0)));
    }

    #[test]
    fn zip_codes_keep_leading_zeros() {
        let mut fields = T::default();
        let zip = detail_key("Property Address", "Zip/Postal Code").unwrap();
        zip.slot.fill(&mut fields, "zip", "04101");
        assert_eq!(fields.address.postal_code.as_deref(), Some("04101"));
    }
}
