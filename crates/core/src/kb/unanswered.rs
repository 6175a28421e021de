//! Questions the chatbot could not answer, or whose answer got a thumbs-down, as the
//! chatbot reports them (`POST /v1/integrations/kb/unanswered`) and as the app lists
//! them: grouped by a key that ignores case, punctuation and spacing, so "How much is
//! earnest money?" and "how much is  earnest money" are one to-do with a count of two.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::item::{KbContent, KbDraft};
use crate::error::ErrorBody;

const MAX_QUESTION: usize = 1_000;
const MAX_TITLE: usize = 200;

/// Why the chatbot reports a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnansweredReason {
    /// The search found nothing good enough to answer with.
    NoAnswer,
    /// The visitor marked the answer as unhelpful.
    ThumbsDown,
}

/// One report from the chatbot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnansweredReport {
    pub question: String,
    pub reason: UnansweredReason,
}

impl UnansweredReport {
    pub fn validate(&self) -> Result<(), ErrorBody> {
        let length = self.question.trim().chars().count();
        if length == 0 || length > MAX_QUESTION || self.question.contains('\0') {
            return Err(ErrorBody::new(
                "kb_invalid_question",
                format!("The question must have 1 to {MAX_QUESTION} characters."),
            ));
        }
        Ok(())
    }
}

/// One line of the to-do list: reports with the same grouping key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UnansweredGroup {
    pub key: String,
    /// The latest wording reported.
    pub question: String,
    pub no_answer_count: u32,
    pub thumbs_down_count: u32,
    pub last_asked_at: DateTime<Utc>,
}

/// The key reports are grouped by: the question's words, lowercase, single-spaced.
pub fn grouping_key(question: &str) -> String {
    question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl UnansweredGroup {
    /// "Answer this": a Q&A draft with the question and an empty answer for the owner to
    /// write (it does not validate until the answer is written).
    pub fn answer_draft(&self) -> KbDraft {
        let question = self.question.trim().to_owned();
        KbDraft {
            title: question.chars().take(MAX_TITLE).collect(),
            tags: Vec::new(),
            collection: None,
            content: KbContent::Qa {
                question,
                alternatives: Vec::new(),
                answer: String::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordings_that_differ_only_in_case_punctuation_and_spaces_group_together() {
        assert_eq!(
            grouping_key("How much is  EARNEST money?!"),
            grouping_key("how much is earnest money")
        );
        assert_eq!(grouping_key("Café: 55+ units?"), "café 55 units");
        assert_ne!(
            grouping_key("earnest money"),
            grouping_key("earnest monies")
        );
    }

    #[test]
    fn reports_are_checked_and_answer_this_makes_a_qa_draft() {
        let report: UnansweredReport =
            serde_json::from_str(r#"{"question":"  ","reason":"thumbs_down"}"#).unwrap();
        assert_eq!(report.validate().unwrap_err().code, "kb_invalid_question");
        let group = UnansweredGroup {
            key: grouping_key("Do you allow pets in rentals?"),
            question: " Do you allow pets in rentals? ".into(),
            no_answer_count: 3,
            thumbs_down_count: 1,
            last_asked_at: Utc::now(),
        };
        let draft = group.answer_draft();
        assert_eq!(draft.title, "Do you allow pets in rentals?");
        assert!(
            matches!(&draft.content, KbContent::Qa { question, .. } if question == "Do you allow pets in rentals?")
        );
        assert_eq!(draft.validate().unwrap_err().code, "kb_invalid_answer");
    }
}
