//! What happened with a lead: chatbot conversations and phone calls. They arrive from the
//! chatbot and the calling service, attach to one lead, and sync with it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::ids::LeadId;
use crate::leads::LeadInvalid;

const MAX_MESSAGES: usize = 1_000;
const MAX_MESSAGE: usize = 10_000;
const MAX_SUMMARY: usize = 10_000;
const MAX_REFERENCE: usize = 2_000;
/// A day: longer is a stuck line, not a conversation.
const MAX_CALL_SECS: u32 = 86_400;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageRole {
    /// The person.
    Lead,
    /// The chatbot.
    Assistant,
    /// An agent who took over the chat.
    Agent,
    System,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConversationMessage {
    pub role: MessageRole,
    pub text: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

/// A chatbot transcript.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    #[ts(type = "string")]
    pub id: Uuid,
    pub lead_id: LeadId,
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    pub messages: Vec<ConversationMessage>,
    #[ts(type = "number")]
    pub version: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallDirection {
    Inbound,
    Outbound,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    Answered,
    Voicemail,
    NoAnswer,
    Busy,
    Failed,
}

/// A phone call with the lead, as the calling service reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallRecord {
    #[ts(type = "string")]
    pub id: Uuid,
    pub lead_id: LeadId,
    pub direction: CallDirection,
    /// E.164: the lead's number on the call.
    pub phone: String,
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    pub duration_secs: u32,
    pub outcome: CallOutcome,
    /// Where the calling service keeps the recording (an id or URL), if it kept one.
    pub recording_ref: Option<String>,
    pub transcript_summary: Option<String>,
    #[ts(type = "number")]
    pub version: i64,
}

/// A lead's timeline of contact, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LeadActivity {
    pub conversations: Vec<Conversation>,
    pub calls: Vec<CallRecord>,
}

/// A conversation as the chatbot posts it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewConversation {
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    pub messages: Vec<ConversationMessage>,
}

/// A call as the calling service posts it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewCall {
    pub direction: CallDirection,
    pub phone: String,
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    pub duration_secs: u32,
    pub outcome: CallOutcome,
    #[serde(default)]
    pub recording_ref: Option<String>,
    #[serde(default)]
    pub transcript_summary: Option<String>,
}

fn invalid(message: impl Into<String>) -> LeadInvalid {
    LeadInvalid::new("invalid_activity", message)
}

fn bounded(value: Option<String>, max: usize, what: &str) -> Result<Option<String>, LeadInvalid> {
    let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        return Err(invalid(format!(
            "The {what} is limited to {max} characters."
        )));
    }
    Ok(value)
}

impl NewConversation {
    pub fn checked(mut self) -> Result<Self, LeadInvalid> {
        if self.messages.is_empty() || self.messages.len() > MAX_MESSAGES {
            return Err(invalid(format!(
                "A conversation needs 1 to {MAX_MESSAGES} messages."
            )));
        }
        for message in &mut self.messages {
            message.text = message.text.trim().to_owned();
            if message.text.chars().count() > MAX_MESSAGE {
                return Err(invalid(format!(
                    "A message is limited to {MAX_MESSAGE} characters."
                )));
            }
        }
        self.messages.sort_by_key(|m| m.at);
        Ok(self)
    }
}

impl NewCall {
    pub fn checked(mut self) -> Result<Self, LeadInvalid> {
        self.phone = crate::leads::normalise_phone(&self.phone)?;
        if self.duration_secs > MAX_CALL_SECS {
            return Err(invalid("A call cannot last more than a day."));
        }
        self.recording_ref = bounded(self.recording_ref, MAX_REFERENCE, "recording reference")?;
        self.transcript_summary = bounded(self.transcript_summary, MAX_SUMMARY, "summary")?;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversations_need_messages_and_come_in_time_order() {
        let at = |s: i64| DateTime::from_timestamp(1_780_000_000 + s, 0).unwrap();
        let message = |role, text: &str, s| ConversationMessage {
            role,
            text: text.into(),
            at: at(s),
        };
        let empty = NewConversation {
            started_at: at(0),
            messages: vec![],
        };
        assert!(empty.checked().is_err());
        let out_of_order = NewConversation {
            started_at: at(0),
            messages: vec![
                message(MessageRole::Lead, " Is 12 Oak St available? ", 5),
                message(MessageRole::Assistant, "Hi! How can I help?", 1),
            ],
        };
        let checked = out_of_order.checked().unwrap();
        assert_eq!(checked.messages[0].role, MessageRole::Assistant);
        assert_eq!(checked.messages[1].text, "Is 12 Oak St available?");
    }

    #[test]
    fn calls_take_a_dialable_number_and_a_sane_duration() {
        let call = NewCall {
            direction: CallDirection::Outbound,
            phone: "415 555 2671".into(),
            started_at: Utc::now(),
            duration_secs: 95,
            outcome: CallOutcome::Answered,
            recording_ref: Some(" ".into()),
            transcript_summary: Some("Wants a 3-bed in Noe Valley.".into()),
        };
        let checked = call.clone().checked().unwrap();
        assert_eq!(checked.phone, "+14155552671");
        assert_eq!(checked.recording_ref, None);
        assert!(
            NewCall {
                duration_secs: 90_000,
                ..call.clone()
            }
            .checked()
            .is_err()
        );
        assert!(
            NewCall {
                phone: "12".into(),
                ..call
            }
            .checked()
            .is_err()
        );
    }
}
