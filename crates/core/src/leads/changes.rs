//! The changes a user or a device may make to a lead, and the rules a change must pass.
//! The server applies them to REST and sync writes alike, and the client applies them
//! before an edit is queued, so an edit the server would refuse is refused on the
//! device first.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use super::record::{Lead, LeadField, LeadInvalid, LeadPreferences, LeadSource, LeadStage};
use crate::ids::{LeadId, UserId};
use crate::people::{Email, single_line};

const MAX_NAME: usize = 200;
const MAX_CONTACTS: usize = 10;
const MAX_TAGS: usize = 50;
const MAX_TAG: usize = 50;
const MAX_NOTES: usize = 20_000;
const MAX_SHORT_TEXT: usize = 500;
/// Numbers written without a country code are read as North American, where the
/// brokerages on the platform work today. Stored numbers are always E.164.
const DEFAULT_PHONE_REGION: phonenumber::country::Id = phonenumber::country::Id::US;

/// A change to some of a lead's fields. Absent fields stay as they are; for the
/// optional ones, `null` clears them. Unknown fields are refused, so a typo never passes
/// as "nothing to change". (Not a ts-rs type: on the wire it is a partial [`Lead`],
/// which the UI writes as `Partial<Lead>`.)
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct LeadChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emails: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phones: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<LeadSource>,
    #[serde(deserialize_with = "crate::patch::present")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_detail: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<LeadStage>,
    #[serde(deserialize_with = "crate::patch::present")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_agent: Option<Option<UserId>>,
    #[serde(deserialize_with = "crate::patch::present")]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub budget_min: Option<Option<Decimal>>,
    #[serde(deserialize_with = "crate::patch::present")]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub budget_max: Option<Option<Decimal>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferences: Option<LeadPreferences>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(deserialize_with = "crate::patch::present")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<Option<String>>,
}

impl Lead {
    /// A new lead with `changes` applied, which must include a name.
    pub fn create(
        id: LeadId,
        changes: &LeadChanges,
        now: DateTime<Utc>,
    ) -> Result<Lead, LeadInvalid> {
        if changes.name.is_none() {
            return Err(LeadInvalid::new(
                "invalid_lead_name",
                "A new lead needs a name.",
            ));
        }
        let mut lead = Lead {
            id,
            name: String::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            source: LeadSource::Manual,
            source_detail: None,
            stage: LeadStage::New,
            assigned_agent: None,
            budget_min: None,
            budget_max: None,
            preferences: LeadPreferences::default(),
            tags: Vec::new(),
            notes: String::new(),
            time_zone: None,
            created_at: now,
            updated_at: now,
            last_activity_at: None,
            version: 0,
        };
        changes.apply_to(&mut lead)?;
        Ok(lead)
    }
}

impl LeadChanges {
    /// The fields this change touches, in a fixed order.
    pub fn fields(&self) -> Vec<LeadField> {
        use LeadField::*;
        let touched = [
            (Name, self.name.is_some()),
            (Emails, self.emails.is_some()),
            (Phones, self.phones.is_some()),
            (Source, self.source.is_some()),
            (SourceDetail, self.source_detail.is_some()),
            (Stage, self.stage.is_some()),
            (AssignedAgent, self.assigned_agent.is_some()),
            (BudgetMin, self.budget_min.is_some()),
            (BudgetMax, self.budget_max.is_some()),
            (Preferences, self.preferences.is_some()),
            (Tags, self.tags.is_some()),
            (Notes, self.notes.is_some()),
            (TimeZone, self.time_zone.is_some()),
        ];
        touched
            .into_iter()
            .filter_map(|(field, set)| set.then_some(field))
            .collect()
    }

    /// Reads a change from a JSON object of wire field names, as a sync mutation
    /// carries it.
    pub fn from_json(
        changes: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Self, LeadInvalid> {
        serde_json::from_value(serde_json::Value::Object(changes.clone())).map_err(|e| {
            LeadInvalid::new(
                "invalid_lead_change",
                format!("The change cannot be read: {e}."),
            )
        })
    }

    /// Trims, lower-cases emails, turns phones into E.164 and drops duplicates; refuses
    /// values no lead may hold. Idempotent, so a device and the server agree on the result.
    pub fn normalised(mut self) -> Result<Self, LeadInvalid> {
        if let Some(name) = &mut self.name {
            *name = name.trim().to_owned();
            one_line("invalid_lead_name", "The name", name)?;
            if name.is_empty() || name.chars().count() > MAX_NAME {
                return Err(LeadInvalid::new(
                    "invalid_lead_name",
                    format!("A lead needs a name of 1 to {MAX_NAME} characters."),
                ));
            }
        }
        if let Some(emails) = &mut self.emails {
            *emails = normalise_emails(emails)?;
        }
        if let Some(phones) = &mut self.phones {
            *phones = normalise_phones(phones)?;
        }
        if let Some(detail) = &mut self.source_detail {
            *detail = short_text(detail.take(), "source detail")?;
        }
        for budget in [&self.budget_min, &self.budget_max]
            .into_iter()
            .flatten()
            .flatten()
        {
            if budget.is_sign_negative() {
                return Err(LeadInvalid::new(
                    "invalid_lead_budget",
                    "A budget cannot be negative.",
                ));
            }
        }
        if let Some(preferences) = &mut self.preferences {
            preferences.areas = dedupe_trimmed(&preferences.areas, MAX_SHORT_TEXT, "area")?;
            preferences.property_type =
                short_text(preferences.property_type.take(), "property type")?;
            preferences.timeframe = short_text(preferences.timeframe.take(), "timeframe")?;
            if preferences.baths.is_some_and(|b| b.is_sign_negative()) {
                return Err(LeadInvalid::new(
                    "invalid_lead_preferences",
                    "The number of baths cannot be negative.",
                ));
            }
        }
        if let Some(tags) = &mut self.tags {
            *tags = dedupe_trimmed(tags, MAX_TAG, "tag")?;
            if tags.len() > MAX_TAGS {
                return Err(LeadInvalid::new(
                    "invalid_lead_tags",
                    format!("A lead can carry at most {MAX_TAGS} tags."),
                ));
            }
        }
        if let Some(notes) = &self.notes
            && notes.chars().count() > MAX_NOTES
        {
            return Err(LeadInvalid::new(
                "invalid_lead_notes",
                format!("Notes are limited to {MAX_NOTES} characters."),
            ));
        }
        if let Some(Some(zone)) = &mut self.time_zone {
            *zone = zone.trim().to_owned();
            if zone.parse::<chrono_tz::Tz>().is_err() {
                return Err(LeadInvalid::new(
                    "invalid_lead_time_zone",
                    format!("{zone:?} is not a time zone such as America/Chicago."),
                ));
            }
        }
        Ok(self)
    }

    /// Writes the change onto `lead`, then checks the rules that span fields. The
    /// lead is left changed even when this fails; callers apply to a copy.
    pub fn apply_to(&self, lead: &mut Lead) -> Result<(), LeadInvalid> {
        let c = self.clone();
        if let Some(v) = c.name {
            lead.name = v;
        }
        if let Some(v) = c.emails {
            lead.emails = v;
        }
        if let Some(v) = c.phones {
            lead.phones = v;
        }
        if let Some(v) = c.source {
            lead.source = v;
        }
        if let Some(v) = c.source_detail {
            lead.source_detail = v;
        }
        if let Some(v) = c.stage {
            lead.stage = v;
        }
        if let Some(v) = c.assigned_agent {
            lead.assigned_agent = v;
        }
        if let Some(v) = c.budget_min {
            lead.budget_min = v;
        }
        if let Some(v) = c.budget_max {
            lead.budget_max = v;
        }
        if let Some(v) = c.preferences {
            lead.preferences = v;
        }
        if let Some(v) = c.tags {
            lead.tags = v;
        }
        if let Some(v) = c.notes {
            lead.notes = v;
        }
        if let Some(v) = c.time_zone {
            lead.time_zone = v;
        }
        lead.check()
    }
}

fn normalise_emails(emails: &[String]) -> Result<Vec<String>, LeadInvalid> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for email in emails {
        let email = Email::parse(email)
            .map_err(|invalid| LeadInvalid::new("invalid_lead_email", invalid.message))?
            .into_string();
        if seen.insert(email.clone()) {
            out.push(email);
        }
    }
    if out.len() > MAX_CONTACTS {
        return Err(LeadInvalid::new(
            "invalid_lead_email",
            format!("A lead can have at most {MAX_CONTACTS} email addresses."),
        ));
    }
    Ok(out)
}

/// Parses a phone number as people write it and returns it in E.164.
pub fn normalise_phone(raw: &str) -> Result<String, LeadInvalid> {
    let refuse = || {
        LeadInvalid::new(
            "invalid_lead_phone",
            format!(
                "{:?} is not a phone number that can be dialled.",
                raw.trim()
            ),
        )
    };
    let number =
        phonenumber::parse(Some(DEFAULT_PHONE_REGION), raw.trim()).map_err(|_| refuse())?;
    if !phonenumber::is_valid(&number) {
        return Err(refuse());
    }
    Ok(number.format().mode(phonenumber::Mode::E164).to_string())
}

fn normalise_phones(phones: &[String]) -> Result<Vec<String>, LeadInvalid> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for phone in phones {
        let e164 = normalise_phone(phone)?;
        if seen.insert(e164.clone()) {
            out.push(e164);
        }
    }
    if out.len() > MAX_CONTACTS {
        return Err(LeadInvalid::new(
            "invalid_lead_phone",
            format!("A lead can have at most {MAX_CONTACTS} phone numbers."),
        ));
    }
    Ok(out)
}

/// Refuses a line break, another control character or an invisible one in a field
/// shown on one line (only the notes hold several lines).
fn one_line(code: &'static str, what: &str, text: &str) -> Result<(), LeadInvalid> {
    single_line(code, what, text).map_err(|invalid| LeadInvalid::new(code, invalid.message))
}

fn short_text(value: Option<String>, what: &str) -> Result<Option<String>, LeadInvalid> {
    let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if let Some(text) = &value {
        one_line("invalid_lead_text", &format!("The {what}"), text)?;
    }
    if value
        .as_ref()
        .is_some_and(|v| v.chars().count() > MAX_SHORT_TEXT)
    {
        return Err(LeadInvalid::new(
            "invalid_lead_text",
            format!("The {what} is limited to {MAX_SHORT_TEXT} characters."),
        ));
    }
    Ok(value)
}

fn dedupe_trimmed(
    values: &[String],
    max_len: usize,
    what: &str,
) -> Result<Vec<String>, LeadInvalid> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for value in values {
        let value = value.trim();
        one_line("invalid_lead_text", &format!("A {what}"), value)?;
        if value.is_empty() || value.chars().count() > max_len {
            return Err(LeadInvalid::new(
                "invalid_lead_text",
                format!("Each {what} needs 1 to {max_len} characters."),
            ));
        }
        if seen.insert(value.to_lowercase()) {
            out.push(value.to_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn changes(value: serde_json::Value) -> Result<LeadChanges, LeadInvalid> {
        LeadChanges::from_json(value.as_object().unwrap())?.normalised()
    }

    #[test]
    fn phones_become_e164_and_duplicates_go() {
        let c =
            changes(json!({ "phones": ["(415) 555-2671", "+1 415 555 2671", "+44 20 7946 0958"] }))
                .unwrap();
        assert_eq!(c.phones.unwrap(), ["+14155552671", "+442079460958"]);
        for bad in ["12", "not a phone", "+1 555"] {
            let error = changes(json!({ "phones": [bad] })).unwrap_err();
            assert_eq!(error.code, "invalid_lead_phone", "{bad}");
        }
    }

    #[test]
    fn emails_are_lower_cased_and_checked() {
        let c = changes(json!({ "emails": [" Ann@Example.COM", "ann@example.com"] })).unwrap();
        assert_eq!(c.emails.unwrap(), ["ann@example.com"]);
        for bad in [
            "ann",
            "ann@",
            "@example.com",
            "ann@localhost",
            "a b@example.com",
        ] {
            assert_eq!(
                changes(json!({ "emails": [bad] })).unwrap_err().code,
                "invalid_lead_email",
                "{bad}"
            );
        }
    }

    #[test]
    fn absent_null_and_value_mean_different_things() {
        let keep = changes(json!({ "name": "Ann" })).unwrap();
        assert_eq!(keep.assigned_agent, None);
        let clear = changes(json!({ "assignedAgent": null })).unwrap();
        assert_eq!(clear.assigned_agent, Some(None));
        assert_eq!(clear.fields(), [LeadField::AssignedAgent]);
        let round_trip: LeadChanges =
            serde_json::from_value(serde_json::to_value(&clear).unwrap()).unwrap();
        assert_eq!(round_trip, clear);
        assert_eq!(
            changes(json!({ "nmae": "typo" })).unwrap_err().code,
            "invalid_lead_change"
        );
    }

    #[test]
    fn a_new_lead_needs_a_name_and_a_sane_budget() {
        let now = Utc::now();
        assert!(Lead::create(LeadId::new(), &LeadChanges::default(), now).is_err());
        let c =
            changes(json!({ "name": "  Ann Lee ", "budgetMin": "500000", "budgetMax": "400000" }))
                .unwrap();
        assert_eq!(
            Lead::create(LeadId::new(), &c, now).unwrap_err().code,
            "invalid_lead_budget"
        );
        let c = changes(json!({ "name": "  Ann Lee ", "budgetMin": "400000.50" })).unwrap();
        let lead = Lead::create(LeadId::new(), &c, now).unwrap();
        assert_eq!(lead.name, "Ann Lee");
        assert_eq!(lead.field_value(LeadField::BudgetMin), json!("400000.50"));
        assert_eq!(
            changes(json!({ "budgetMax": "-1" })).unwrap_err().code,
            "invalid_lead_budget"
        );
    }

    #[test]
    fn only_the_notes_hold_line_breaks() {
        for field in ["name", "sourceDetail"] {
            let error = changes(json!({ field: "Ann\r\nBcc: x" })).unwrap_err();
            assert!(error.message.contains("control"), "{field}: {error:?}");
        }
        let error = changes(json!({ "tags": ["hot\nlead"] })).unwrap_err();
        assert_eq!(error.code, "invalid_lead_text");
        let notes = changes(json!({ "notes": "Called twice.\r\nCall back Monday." })).unwrap();
        assert_eq!(notes.notes.unwrap(), "Called twice.\r\nCall back Monday.");
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        let once = changes(json!({ "name": " Ann ", "tags": ["VIP", "vip", " buyer "], "phones": ["415-555-2671"] })).unwrap();
        assert_eq!(once.clone().normalised().unwrap(), once);
        assert_eq!(once.tags.unwrap(), ["VIP", "buyer"]);
    }

    #[test]
    fn text_search_covers_contacts_tags_and_notes() {
        let c = changes(json!({ "name": "Ann Lee", "emails": ["ann@lee.test"], "phones": ["415-555-2671"], "tags": ["Waterfront"] })).unwrap();
        let lead = Lead::create(LeadId::new(), &c, Utc::now()).unwrap();
        for hit in ["ann", "LEE.TEST", "555 2671", "waterfront", ""] {
            assert!(lead.matches_text(hit), "{hit}");
        }
        assert!(!lead.matches_text("bob"));
        // One text across the fields, as the search indexes hold it; an empty list
        // leaves no gap.
        assert_eq!(lead.search_text(), "ann lee ann@lee.test waterfront ");
        assert!(lead.matches_text("lee ann@"));
        assert!(!lead.matches_text("waterfront ann"), "in that order only");
    }
}
