//! Dotloop API v2's JSON shapes (../shared/dotloop.md), read tolerantly: ids may come
//! as numbers or text, unknown keys are ignored, every detail value is text (or, now
//! and then, a number), and dates inside the API's own values mix formats. A loop with
//! its details and participants becomes the same [`TransactionFields`] the CSV import
//! produces, through the same detail-key table.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::details::{ValueFinding, detail_key};
use super::preview::merged;
use super::record::{CustomField, Participant, TransactionField, TransactionFields};
use super::values;

/// An id as text, whether Dotloop sent `123` or `"123"`.
fn id_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected an id, got {other}"
        ))),
    }
}

fn optional_id_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(other) => Err(serde::de::Error::custom(format!(
            "expected an id, got {other}"
        ))),
    }
}

/// A value as text: strings as they are, numbers and booleans written out.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// `{"data": …}`, the envelope of single-object answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub data: T,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageMeta {
    pub total: u64,
}

/// A list page: `{"meta":{"total":N},"data":[…]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub meta: PageMeta,
    pub data: Vec<T>,
}

impl<T> Page<T> {
    /// The last page is the first one shorter than the batch size asked for.
    pub fn is_last(&self, batch_size: usize) -> bool {
        self.data.len() < batch_size
    }
}

/// The largest page Dotloop serves.
pub const MAX_BATCH_SIZE: usize = 100;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    #[serde(deserialize_with = "id_text")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// INDIVIDUAL, OFFICE, BROKERAGE or TEAM.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Loop {
    /// The loop view id, which every path takes.
    #[serde(deserialize_with = "id_text")]
    pub id: String,
    #[serde(default, deserialize_with = "optional_id_text")]
    pub profile_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub transaction_type: Option<String>,
    #[serde(default)]
    pub total_task_count: Option<u32>,
    #[serde(default)]
    pub completed_task_count: Option<u32>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub loop_url: Option<String>,
    /// Present when the list was asked for with `include_details=true`.
    #[serde(default)]
    pub details: Option<LoopDetails>,
}

/// A loop's detail sections: `{"Financials": {"Purchase/Sale Price": "110000.0"}, …}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LoopDetails(pub Map<String, Value>);

impl LoopDetails {
    /// Every (section, key, value) in the answer's order. Some answers wrap the
    /// sections in a `details` object beside the loop id; both shapes are read.
    pub fn values(&self) -> Vec<(&str, &str, String)> {
        let sections = match self.0.get("details") {
            Some(Value::Object(inner)) => inner,
            _ => &self.0,
        };
        let mut out = Vec::new();
        for (section, keys) in sections {
            let Value::Object(keys) = keys else { continue };
            for (key, value) in keys {
                if let Some(text) = scalar_text(value) {
                    out.push((section.as_str(), key.as_str(), text));
                }
            }
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiParticipant {
    #[serde(default, deserialize_with = "optional_id_text")]
    pub id: Option<String>,
    #[serde(default, alias = "Full Name", alias = "name")]
    pub full_name: Option<String>,
    #[serde(default, alias = "Email")]
    pub email: Option<String>,
    #[serde(default, alias = "Role")]
    pub role: Option<String>,
    #[serde(default, alias = "Phone")]
    pub phone: Option<String>,
}

/// The fields a loop from the API states in full: an update from the API sets each
/// of them, clearing what Dotloop left out. (The API has no loop id, tags or
/// compliance status; those stay as a CSV import left them.)
pub const API_FIELDS: &[TransactionField] = {
    use TransactionField as F;
    &[
        F::LoopViewId,
        F::ProfileId,
        F::Name,
        F::Status,
        F::TransactionType,
        F::Address,
        F::MlsNumber,
        F::ParcelId,
        F::SalePrice,
        F::OriginalPrice,
        F::CurrentPrice,
        F::CommissionRate,
        F::CommissionTotal,
        F::BuySideSplitPercent,
        F::SellSideSplitPercent,
        F::BuySideSplitAmount,
        F::SellSideSplitAmount,
        F::ReferralPercent,
        F::ReferralSource,
        F::EarnestMoney,
        F::ContractDate,
        F::OfferDate,
        F::ListingDate,
        F::ExpirationDate,
        F::ClosingDate,
        F::LoopUrl,
        F::LoopCreatedAt,
        F::LoopUpdatedAt,
        F::Participants,
    ]
};

/// A loop, its details and its participants as a transaction, with a finding for each
/// value that could not be read (left empty, never 0).
pub fn loop_to_transaction(
    profile_id: &str,
    api_loop: &Loop,
    details: &LoopDetails,
    participants: &[ApiParticipant],
) -> (TransactionFields, Vec<ValueFinding>) {
    let mut findings = Vec::new();
    let mut fields = TransactionFields {
        loop_view_id: Some(api_loop.id.clone()),
        profile_id: api_loop
            .profile_id
            .clone()
            .or_else(|| Some(profile_id.to_owned())),
        name: api_loop.name.clone().unwrap_or_default().trim().to_owned(),
        status: api_loop
            .status
            .as_deref()
            .and_then(super::status::status_code),
        transaction_type: api_loop.transaction_type.clone(),
        loop_url: api_loop.loop_url.clone(),
        ..Default::default()
    };
    for (column, raw, slot) in [
        ("created", &api_loop.created, &mut fields.loop_created_at),
        ("updated", &api_loop.updated, &mut fields.loop_updated_at),
    ] {
        match raw.as_deref().map(values::timestamp) {
            Some(Ok(moment)) => *slot = moment,
            Some(Err(why)) => findings.push(ValueFinding::unreadable(
                column,
                raw.as_deref().unwrap_or(""),
                why,
                "date",
            )),
            None => {}
        }
    }
    for (section, key, value) in details.values() {
        let column = format!("{section} / {key}");
        match detail_key(section, key) {
            Some(known) => findings.extend(known.slot.fill(&mut fields, &column, &value)),
            None => {
                if let Some(value) = values::text(&value) {
                    fields.custom_fields.push(CustomField {
                        section: section.to_owned(),
                        field: key.to_owned(),
                        value,
                    });
                }
            }
        }
    }
    fields.participants = participants
        .iter()
        .map(|p| Participant {
            name: p.full_name.as_deref().unwrap_or("").trim().to_owned(),
            email: p
                .email
                .as_deref()
                .and_then(values::text)
                .map(|e| e.to_lowercase()),
            role: p.role.as_deref().and_then(values::text),
        })
        .collect();
    (fields, findings)
}

/// The transaction after a loop read from the API (`incoming`, from
/// [`loop_to_transaction`]) lands on a stored one: the API's fields are taken whole,
/// and so are its custom fields, which replace every sectioned custom field (the API
/// leaves empty ones out); what only an export carries (loop id, tags, compliance
/// status, the export's top-level columns) stays.
pub fn merged_from_api(
    existing: &TransactionFields,
    incoming: &TransactionFields,
) -> TransactionFields {
    let replaced: Vec<(&str, &str)> = existing
        .custom_fields
        .iter()
        .filter(|c| !c.section.is_empty())
        .map(|c| (c.section.as_str(), c.field.as_str()))
        .collect();
    merged(existing, incoming, API_FIELDS, &replaced)
}

/// Webhook events the importer acts on; others are acknowledged and ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventType {
    LoopCreated,
    LoopUpdated,
    LoopMerged,
    LoopParticipantCreated,
    LoopParticipantUpdated,
    LoopParticipantDeleted,
    #[serde(other)]
    Other,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEvent {
    #[serde(default, deserialize_with = "optional_id_text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "optional_id_text")]
    pub profile_id: Option<String>,
    #[serde(default, deserialize_with = "optional_id_text")]
    pub loop_id: Option<String>,
    /// LOOP_MERGED: the loop that was merged away…
    #[serde(default, deserialize_with = "optional_id_text")]
    pub from_id: Option<String>,
    /// …and the loop it now lives on.
    #[serde(default, deserialize_with = "optional_id_text")]
    pub to_id: Option<String>,
}

/// A webhook delivery's body. Delivery is at least once: deduplicate on `event_id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookPayload {
    #[serde(deserialize_with = "id_text")]
    pub event_id: String,
    pub event_type: EventType,
    /// Epoch milliseconds.
    pub timestamp: i64,
    #[serde(default)]
    pub subscription_external_id: Option<String>,
    pub event: WebhookEvent,
}

impl WebhookPayload {
    /// The loop view id the event is about (for a merge, the surviving one).
    pub fn loop_view_id(&self) -> Option<&str> {
        match self.event_type {
            EventType::LoopMerged => self.event.to_id.as_deref(),
            // A participant event's own id is the participant's.
            EventType::LoopParticipantCreated
            | EventType::LoopParticipantUpdated
            | EventType::LoopParticipantDeleted => self.event.loop_id.as_deref(),
            EventType::LoopCreated | EventType::LoopUpdated => {
                self.event.loop_id.as_deref().or(self.event.id.as_deref())
            }
            EventType::Other => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    const LOOP_PAGE: &str = r#"{
      "meta": {"total": 2},
      "data": [
        {"id": 34523401, "profileId": 4711, "name": "12 Harbor Rd", "status": "SOLD",
         "transactionType": "PURCHASE_OFFER", "totalTaskCount": 12, "completedTaskCount": 12,
         "created": "2017-03-05T16:20:38Z", "updated": "2017-11-02T09:00:00Z",
         "loopUrl": "https://www.dotloop.com/my/loop/34523401",
         "details": {
           "Property Address": {"Street Number": "12", "Street Name": "Harbor Rd", "Zip/Postal Code": "04101", "MLS Number": "ME-1001"},
           "Financials": {"Purchase/Sale Price": "110000.0", "Sale Commission Rate": "3%", "Sale Commission Total": "3,300.00"},
           "Contract Dates": {"Closing Date": "11/01/2017"},
           "Listing Information": {"Expiration Date": "March 05, 2017", "Original Price": "115000.0", "Current Price": "n/a"},
           "Lead Source": {"Lead Source": "Zillow"},
           "Property": {"Bedrooms": 3}
         }},
        {"id": "34523402", "name": "9 Elm St", "status": "ACTIVE_LISTING", "created": "yesterday"}
      ]
    }"#;

    #[test]
    fn a_loop_page_with_details_becomes_transactions() {
        let page: Page<Loop> = serde_json::from_str(LOOP_PAGE).unwrap();
        assert_eq!(page.meta.total, 2);
        assert!(page.is_last(MAX_BATCH_SIZE));
        let harbor = &page.data[0];
        let participants: Vec<ApiParticipant> = serde_json::from_str(
            r#"[{"id": 1, "fullName": "Alice Agent", "email": "Alice@Acme.test", "role": "LISTING_AGENT", "phone": "+1 207 555 0100"},
                {"id": 2, "Full Name": "Sam Seller", "Email": "", "Role": "SELLER"}]"#,
        )
        .unwrap();
        let details = harbor.details.clone().unwrap();
        let (fields, findings) = loop_to_transaction("4711", harbor, &details, &participants);
        assert_eq!(fields.loop_view_id.as_deref(), Some("34523401"));
        assert_eq!(fields.profile_id.as_deref(), Some("4711"));
        assert_eq!(fields.status.as_deref(), Some("SOLD"));
        assert_eq!(
            fields.sale_price,
            Some("110000.0".parse::<Decimal>().unwrap())
        );
        assert_eq!(
            fields.original_price,
            Some("115000.0".parse::<Decimal>().unwrap())
        );
        assert_eq!(fields.commission_rate, Some(Decimal::new(3, 0)));
        assert_eq!(
            fields.commission_total,
            Some("3300.00".parse::<Decimal>().unwrap())
        );
        assert_eq!(
            fields.closing_date,
            chrono::NaiveDate::from_ymd_opt(2017, 11, 1)
        );
        assert_eq!(
            fields.expiration_date,
            chrono::NaiveDate::from_ymd_opt(2017, 3, 5)
        );
        assert_eq!(fields.address.postal_code.as_deref(), Some("04101"));
        assert_eq!(
            fields.loop_created_at.unwrap().to_rfc3339(),
            "2017-03-05T16:20:38+00:00"
        );
        assert_eq!(
            fields.loop_url.as_deref(),
            Some("https://www.dotloop.com/my/loop/34523401")
        );
        let custom: Vec<(&str, &str, &str)> = fields
            .custom_fields
            .iter()
            .map(|c| (c.section.as_str(), c.field.as_str(), c.value.as_str()))
            .collect();
        assert_eq!(
            custom,
            vec![
                ("Lead Source", "Lead Source", "Zillow"),
                ("Property", "Bedrooms", "3")
            ]
        );
        assert_eq!(
            fields.participants[0].email.as_deref(),
            Some("alice@acme.test")
        );
        assert_eq!(
            fields.participants[0].role.as_deref(),
            Some("LISTING_AGENT")
        );
        assert_eq!(fields.participants[1].name, "Sam Seller");
        assert_eq!(fields.participants[1].email, None);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            (findings[0].code.as_str(), findings[0].column.as_str()),
            ("placeholder_value", "Listing Information / Current Price")
        );

        let elm = &page.data[1];
        let (fields, findings) = loop_to_transaction("4711", elm, &LoopDetails::default(), &[]);
        assert_eq!(
            fields.profile_id.as_deref(),
            Some("4711"),
            "the profile it was listed under"
        );
        assert_eq!(fields.loop_created_at, None);
        assert_eq!(
            (findings[0].code.as_str(), findings[0].column.as_str()),
            ("unreadable_value", "created")
        );
    }

    #[test]
    fn an_api_loop_over_an_exported_one_keeps_what_only_the_export_has() {
        let exported = TransactionFields {
            loop_view_id: Some("7".into()),
            loop_id: Some("9007".into()),
            tags: vec!["Hot".into()],
            participants: vec![Participant {
                name: "Alice Agent".into(),
                email: None,
                role: None,
            }],
            custom_fields: vec![
                CustomField {
                    section: "".into(),
                    field: "Created By".into(),
                    value: "Alice".into(),
                },
                CustomField {
                    section: "Property".into(),
                    field: "Bedrooms".into(),
                    value: "3".into(),
                },
            ],
            ..Default::default()
        };
        let from_api = TransactionFields {
            loop_view_id: Some("7".into()),
            name: "31 Bay St".into(),
            participants: vec![Participant {
                name: "Alice Agent".into(),
                email: Some("alice@acme.test".into()),
                role: Some("LISTING_AGENT".into()),
            }],
            custom_fields: vec![CustomField {
                section: "Lead Source".into(),
                field: "Lead Source".into(),
                value: "Zillow".into(),
            }],
            ..Default::default()
        };
        let after = merged_from_api(&exported, &from_api);
        assert_eq!(
            (after.loop_id.as_deref(), after.tags.len()),
            (Some("9007"), 1)
        );
        assert_eq!(after.name, "31 Bay St");
        assert_eq!(
            after.participants, from_api.participants,
            "the API's roles and emails win"
        );
        let keys: Vec<&str> = after
            .custom_fields
            .iter()
            .map(|c| c.field.as_str())
            .collect();
        assert_eq!(
            keys,
            ["Created By", "Lead Source"],
            "Bedrooms was emptied in Dotloop"
        );
        assert!(
            merged_from_api(&after, &from_api)
                .differing_fields(&after)
                .is_empty()
        );
    }

    #[test]
    fn details_from_the_detail_endpoint_in_either_shape() {
        let plain: Envelope<LoopDetails> =
            serde_json::from_str(r#"{"data": {"Financials": {"Purchase/Sale Price": "599900"}}}"#)
                .unwrap();
        let wrapped: Envelope<LoopDetails> = serde_json::from_str(
            r#"{"data": {"id": 7, "details": {"Financials": {"Purchase/Sale Price": "599900"}}}}"#,
        )
        .unwrap();
        assert_eq!(
            plain.data.values(),
            vec![("Financials", "Purchase/Sale Price", "599900".to_owned())]
        );
        assert_eq!(wrapped.data.values(), plain.data.values());
        let profiles: Envelope<Vec<Profile>> = serde_json::from_str(r#"{"data": [{"id": 4711, "name": "Acme Realty", "type": "BROKERAGE", "company": "Acme", "default": true}]}"#).unwrap();
        assert_eq!(profiles.data[0].id, "4711");
        assert_eq!(profiles.data[0].kind.as_deref(), Some("BROKERAGE"));
    }

    #[test]
    fn webhook_payloads_name_their_loop() {
        let merged: WebhookPayload = serde_json::from_str(r#"{"eventId": "e-9", "eventType": "LOOP_MERGED", "timestamp": 1761998400000, "subscriptionExternalId": "acme", "event": {"profileId": 4711, "fromId": 1, "toId": 2}}"#).unwrap();
        assert_eq!(merged.event_type, EventType::LoopMerged);
        assert_eq!(
            (merged.event.from_id.as_deref(), merged.loop_view_id()),
            (Some("1"), Some("2"))
        );
        let participant: WebhookPayload = serde_json::from_str(r#"{"eventId": "e-10", "eventType": "LOOP_PARTICIPANT_CREATED", "timestamp": 1761998400000, "event": {"id": 55, "loopId": 3}}"#).unwrap();
        assert_eq!(participant.loop_view_id(), Some("3"));
        let contact: WebhookPayload = serde_json::from_str(r#"{"eventId": "e-11", "eventType": "CONTACT_CREATED", "timestamp": 1761998400000, "event": {"id": 8}}"#).unwrap();
        assert_eq!(
            (contact.event_type, contact.loop_view_id()),
            (EventType::Other, None)
        );
    }
}
