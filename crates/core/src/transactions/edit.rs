//! Entering and editing a deal by hand (REST and sync push alike, and on the device
//! before an edit is queued). Each changed field is checked on its own, so a value an
//! import brought in that hand entry would refuse (a dollar amount in a rate field,
//! which loop health reports) never blocks an unrelated edit.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::field_checks::{
    address, code, custom_fields, date, invalid, money, participants, percent, short_text, tags,
};
use super::record::{
    CustomField, Participant, PropertyAddress, TransactionField, TransactionFields,
};
use crate::people::TextInvalid;

/// A change to some of a deal's fields: absent fields stay, `null` clears an optional
/// one; unknown fields are refused. (On the wire a partial [`super::Transaction`].)
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct TransactionChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<Option<String>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub transaction_type: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<PropertyAddress>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub mls_number: Option<Option<String>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub parcel_id: Option<Option<String>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sale_price: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub original_price: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub current_price: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub commission_rate: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub commission_total: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub buy_side_split_percent: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sell_side_split_percent: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub buy_side_split_amount: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sell_side_split_amount: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub referral_percent: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub referral_source: Option<Option<String>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub earnest_money: Option<Option<Decimal>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub contract_date: Option<Option<NaiveDate>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub offer_date: Option<Option<NaiveDate>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub listing_date: Option<Option<NaiveDate>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration_date: Option<Option<NaiveDate>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub closing_date: Option<Option<NaiveDate>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub paid_date: Option<Option<NaiveDate>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub compliance_status: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<Participant>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomField>>,
}

/// A deal entered by hand: the same fields as a change, with a name required.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct NewTransaction(pub TransactionChanges);

impl TransactionChanges {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The fields this change touches, in [`TransactionField::ALL`] order.
    pub fn fields(&self) -> Vec<TransactionField> {
        let Ok(serde_json::Value::Object(set)) = serde_json::to_value(self) else {
            return Vec::new();
        };
        let mut fields: Vec<TransactionField> = set
            .keys()
            .filter_map(|key| serde_json::from_value(serde_json::Value::String(key.clone())).ok())
            .collect();
        fields.sort_unstable();
        fields
    }

    /// Checks each changed field and applies the change to `deal`.
    pub fn apply_to(self, deal: &mut TransactionFields) -> Result<(), TextInvalid> {
        if let Some(name) = self.name {
            deal.name = short_text("name", Some(name))?
                .ok_or_else(|| invalid("A transaction needs a name."))?;
        }
        macro_rules! set {
            ($($field:ident => $check:expr;)+) => {
                $(if let Some(value) = self.$field { deal.$field = $check(value)?; })+
            };
        }
        set! {
            status => |v| code("status", v);
            transaction_type => |v| code("transaction type", v);
            address => address;
            mls_number => |v| short_text("MLS number", v);
            parcel_id => |v| short_text("parcel id", v);
            sale_price => |v| money("sale price", v, false);
            original_price => |v| money("original price", v, false);
            current_price => |v| money("current price", v, false);
            commission_rate => |v| percent("commission rate", v);
            commission_total => |v| money("commission total", v, true);
            buy_side_split_percent => |v| percent("buy-side split %", v);
            sell_side_split_percent => |v| percent("sell-side split %", v);
            buy_side_split_amount => |v| money("buy-side split", v, true);
            sell_side_split_amount => |v| money("sell-side split", v, true);
            referral_percent => |v| percent("referral %", v);
            referral_source => |v| short_text("referral source", v);
            earnest_money => |v| money("earnest money", v, false);
            contract_date => |v| date("contract date", v);
            offer_date => |v| date("offer date", v);
            listing_date => |v| date("listing date", v);
            expiration_date => |v| date("expiration date", v);
            closing_date => |v| date("closing date", v);
            paid_date => |v| date("paid date", v);
            tags => tags;
            compliance_status => |v| short_text("compliance status", v);
            participants => participants;
            custom_fields => custom_fields;
        }
        Ok(())
    }
}

impl NewTransaction {
    /// The deal as stored, every field checked.
    pub fn into_fields(self) -> Result<TransactionFields, TextInvalid> {
        if self.0.name.is_none() {
            return Err(invalid("A transaction needs a name."));
        }
        let mut deal = TransactionFields::default();
        self.0.apply_to(&mut deal)?;
        Ok(deal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_deal(json: &str) -> Result<TransactionFields, TextInvalid> {
        serde_json::from_str::<NewTransaction>(json)
            .unwrap()
            .into_fields()
    }

    #[test]
    fn a_deal_entered_by_hand_is_normalised() {
        let deal = new_deal(
            r#"{"name": " 12 Harbor Rd ", "status": "Under Contract", "salePrice": "667900.00",
                "commissionRate": "3", "closingDate": "2025-10-30", "tags": ["Buyer", " Buyer ", ""],
                "address": {"postalCode": "04101", "city": " Portland "},
                "participants": [{"name": "Alice Agent", "email": "Alice@Acme.test", "role": "listing_agent"}],
                "customFields": [{"section": "Listing Information", "field": "Remarks", "value": "Line one,\nline two"}]}"#,
        )
        .unwrap();
        assert_eq!(deal.name, "12 Harbor Rd");
        assert_eq!(deal.status.as_deref(), Some("UNDER_CONTRACT"));
        assert_eq!(deal.sale_price, Some("667900.00".parse().unwrap()));
        assert_eq!(deal.tags, vec!["Buyer".to_owned()]);
        assert_eq!(deal.address.postal_code.as_deref(), Some("04101"));
        assert_eq!(deal.address.city.as_deref(), Some("Portland"));
        assert_eq!(
            deal.participants[0].email.as_deref(),
            Some("alice@acme.test")
        );
        assert_eq!(deal.participants[0].role.as_deref(), Some("LISTING_AGENT"));
        assert_eq!(deal.custom_fields[0].value, "Line one,\nline two");
        assert_eq!(deal.effective_paid_date(), deal.closing_date);
    }

    #[test]
    fn bad_values_are_refused_with_their_reason() {
        assert!(
            new_deal(r#"{"status": "SOLD"}"#)
                .unwrap_err()
                .message
                .contains("needs a name")
        );
        for (json, why) in [
            (
                r#"{"name": "x", "commissionRate": "300000"}"#,
                "percent from 0 to 100",
            ),
            (r#"{"name": "x", "salePrice": "-5"}"#, "not negative"),
            (
                r#"{"name": "x", "salePrice": "1.001"}"#,
                "dollars and cents",
            ),
            (r#"{"name": "x", "closingDate": "1066-10-14"}"#, "plausible"),
            (r#"{"name": "x", "mlsNumber": "ME\n1001"}"#, "control"),
            (
                r#"{"name": "x", "participants": [{"name": "A", "email": "a@b", "role": null}]}"#,
                "not a valid email",
            ),
        ] {
            let refused = new_deal(json).unwrap_err();
            assert!(refused.message.contains(why), "{json}: {}", refused.message);
        }
        assert!(
            serde_json::from_str::<TransactionChanges>(r#"{"salesPrice": "1"}"#).is_err(),
            "typos are refused"
        );
    }

    #[test]
    fn a_change_keeps_absent_fields_clears_nulls_and_ignores_other_bad_values() {
        let mut deal = TransactionFields {
            name: "12 Harbor Rd".into(),
            commission_rate: Some("300000".parse().unwrap()),
            mls_number: Some("ME-1001".into()),
            closing_date: NaiveDate::from_ymd_opt(2025, 10, 30),
            ..Default::default()
        };
        let change: TransactionChanges =
            serde_json::from_str(r#"{"paidDate": "2025-11-04", "mlsNumber": null}"#).unwrap();
        assert_eq!(
            change.fields(),
            vec![TransactionField::MlsNumber, TransactionField::PaidDate]
        );
        change.apply_to(&mut deal).unwrap();
        assert_eq!(deal.paid_date, NaiveDate::from_ymd_opt(2025, 11, 4));
        assert_eq!(deal.mls_number, None);
        assert_eq!(deal.closing_date, NaiveDate::from_ymd_opt(2025, 10, 30));
        assert_eq!(
            deal.commission_rate,
            Some("300000".parse().unwrap()),
            "an imported value is not re-judged"
        );
        assert!(TransactionChanges::default().is_empty());
    }
}
