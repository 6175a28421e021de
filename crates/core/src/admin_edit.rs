//! The edits of the users and settings screens as sync mutations carry them: which fields
//! of a member, or of the tenant's settings, change. The server applies them through the
//! same operations as its REST routes; a device lays them on its cached copy meanwhile.
//!
//! Revoking an API key or an invitation is a `delete` mutation with no fields, so it has
//! no type here. Creating either is not an offline edit at all: the answer carries a
//! secret (the key, the invitation link) that only the server can make.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::identity::UserStatus;
use crate::role::Role;
use crate::settings::{InvalidSetting, TenantSettings};

/// An edit no member or settings document may take; nothing of it is applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EditInvalid {
    pub code: &'static str,
    pub message: String,
}

impl EditInvalid {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<InvalidSetting> for EditInvalid {
    fn from(invalid: InvalidSetting) -> Self {
        // The REST route answers with this code, and the message names the field.
        EditInvalid::new("invalid_setting", invalid.to_string())
    }
}

/// A change to a member: a new role, or deactivation (`deactivated`) or reactivation
/// (`active`). Absent fields stay as they are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
}

impl MemberChanges {
    pub fn role(role: Role) -> Self {
        Self {
            role: Some(role),
            status: None,
        }
    }

    pub fn status(status: UserStatus) -> Self {
        Self {
            role: None,
            status: Some(status),
        }
    }

    /// Reads a change from a mutation's fields, refusing any a member edit cannot touch
    /// (a name or an email is the member's own to change).
    pub fn from_json(changes: &Map<String, Value>) -> Result<Self, EditInvalid> {
        let parsed: Self = serde_json::from_value(Value::Object(changes.clone())).map_err(|e| {
            EditInvalid::new(
                "invalid_user_change",
                format!("The change to the member cannot be read: {e}."),
            )
        })?;
        if parsed.status == Some(UserStatus::Invited) {
            return Err(EditInvalid::new(
                "invalid_user_change",
                "A member cannot be made \"invited\" again; deactivate them, or invite someone new.",
            ));
        }
        if parsed == Self::default() {
            return Err(EditInvalid::new(
                "invalid_user_change",
                "The change names neither a role nor a status.",
            ));
        }
        Ok(parsed)
    }

    pub fn to_json(self) -> Map<String, Value> {
        match serde_json::to_value(self).expect("a member change serialises") {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    /// The wire names of the fields this change sets.
    pub fn fields(self) -> Vec<&'static str> {
        let mut fields = Vec::new();
        if self.role.is_some() {
            fields.push("role");
        }
        if self.status.is_some() {
            fields.push("status");
        }
        fields
    }
}

/// The top-level fields of [`TenantSettings`], by wire name: the unit of field-level
/// merge, so two devices changing the time zone and the branding both keep theirs.
pub const SETTINGS_FIELDS: [&str; 8] = [
    "timezone",
    "locale",
    "dateFormat",
    "callingWindow",
    "tcpa",
    "branding",
    "transactionStatusGroups",
    "licenseState",
];

/// Some top-level fields of the tenant's settings, each with its whole new value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SettingsChanges(Map<String, Value>);

impl SettingsChanges {
    /// Reads a change from a mutation's fields; a name that is not a settings field is
    /// refused rather than dropped, so a typo never looks saved.
    pub fn from_json(changes: &Map<String, Value>) -> Result<Self, EditInvalid> {
        if let Some(unknown) = changes
            .keys()
            .find(|k| !SETTINGS_FIELDS.contains(&k.as_str()))
        {
            return Err(EditInvalid::new(
                "invalid_settings_change",
                format!(
                    "\"{unknown}\" is not a setting; the settings are {}.",
                    SETTINGS_FIELDS.join(", ")
                ),
            ));
        }
        if changes.is_empty() {
            return Err(EditInvalid::new(
                "invalid_settings_change",
                "The change names no setting.",
            ));
        }
        Ok(Self(changes.clone()))
    }

    /// Every field, as a whole-document save sends them.
    pub fn every_field(settings: &TenantSettings) -> Self {
        Self(settings_fields(settings))
    }

    /// The fields whose values differ between two documents: what an edit of the whole
    /// form really changed.
    pub fn between(before: &TenantSettings, after: &TenantSettings) -> Self {
        let (before, after) = (settings_fields(before), settings_fields(after));
        Self(
            after
                .into_iter()
                .filter(|(field, value)| before.get(field) != Some(value))
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    pub fn as_json(&self) -> &Map<String, Value> {
        &self.0
    }

    /// `settings` with these fields laid on, validated as a whole.
    pub fn apply_to(&self, settings: &TenantSettings) -> Result<TenantSettings, EditInvalid> {
        let mut merged = settings_fields(settings);
        merged.extend(self.0.clone());
        let next: TenantSettings = serde_json::from_value(Value::Object(merged)).map_err(|e| {
            EditInvalid::new(
                "invalid_setting",
                format!("The settings cannot be read: {e}."),
            )
        })?;
        next.validate()?;
        Ok(next)
    }
}

/// The settings as their top-level fields, by wire name: what merges field by field.
pub fn settings_fields(settings: &TenantSettings) -> Map<String, Value> {
    match serde_json::to_value(settings).expect("settings serialise") {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn the_settings_fields_are_exactly_the_documents_top_level_fields() {
        let names: Vec<String> = settings_fields(&TenantSettings::default())
            .keys()
            .cloned()
            .collect();
        let mut expected: Vec<String> = SETTINGS_FIELDS.iter().map(|s| s.to_string()).collect();
        expected.sort();
        let mut names = names;
        names.sort();
        assert_eq!(names, expected);
    }

    #[test]
    fn a_settings_change_holds_only_what_differs_and_applies_validated() {
        let before = TenantSettings::default();
        let mut after = before.clone();
        after.timezone = "America/Chicago".into();
        after.calling_window.ends = "20:00".into();
        let changes = SettingsChanges::between(&before, &after);
        let mut fields: Vec<&str> = changes.fields().collect();
        fields.sort();
        assert_eq!(fields, ["callingWindow", "timezone"]);
        assert_eq!(changes.apply_to(&before).unwrap(), after);
        assert!(SettingsChanges::between(&after, &after).is_empty());

        let bad = SettingsChanges::from_json(&map(json!({ "timezone": "Mars/Olympus" }))).unwrap();
        let refused = bad.apply_to(&before).unwrap_err();
        assert_eq!(refused.code, "invalid_setting");
        assert!(refused.message.starts_with("timezone:"), "{refused}");
    }

    #[test]
    fn unknown_or_empty_settings_changes_are_refused() {
        let typo = SettingsChanges::from_json(&map(json!({ "timezon": "UTC" }))).unwrap_err();
        assert_eq!(typo.code, "invalid_settings_change");
        assert!(typo.message.contains("timezon"));
        assert!(SettingsChanges::from_json(&Map::new()).is_err());
        let shape = SettingsChanges::from_json(&map(json!({ "tcpa": "yes" }))).unwrap();
        assert_eq!(
            shape.apply_to(&TenantSettings::default()).unwrap_err().code,
            "invalid_setting"
        );
    }

    #[test]
    fn member_changes_take_a_role_or_a_status_and_nothing_else() {
        let change = MemberChanges::from_json(&map(json!({ "role": "viewer" }))).unwrap();
        assert_eq!(change, MemberChanges::role(Role::Viewer));
        assert_eq!(change.fields(), ["role"]);
        assert_eq!(MemberChanges::from_json(&change.to_json()).unwrap(), change);
        for bad in [
            json!({ "email": "x@y.test" }),
            json!({ "role": "superuser" }),
            json!({ "status": "invited" }),
            json!({}),
        ] {
            let refused = MemberChanges::from_json(&map(bad.clone())).unwrap_err();
            assert_eq!(refused.code, "invalid_user_change", "{bad}");
        }
    }
}
