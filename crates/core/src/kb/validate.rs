//! The limits a draft must keep, checked at the API's edge and in the app before an
//! edit is queued, so the two refuse the same drafts with the same codes.

use super::item::{KbContent, KbDraft};
use crate::error::ErrorBody;

const MAX_TITLE: usize = 200;
const MAX_TAGS: usize = 20;
const MAX_TAG: usize = 50;
const MAX_COLLECTION: usize = 100;
const MAX_QUESTION: usize = 500;
const MAX_ALTERNATIVES: usize = 20;
const MAX_ANSWER: usize = 20_000;
const MAX_URL: usize = 2_048;
/// Room for the text of a 200-page PDF with plenty to spare.
pub const MAX_DOCUMENT_CHARS: usize = 2_000_000;

/// Why a draft is refused: a stable code and words for a person.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct KbInvalid {
    pub code: &'static str,
    pub message: String,
}

impl KbInvalid {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn error_body(&self) -> ErrorBody {
        ErrorBody::new(self.code, self.message.clone())
    }
}

impl KbDraft {
    /// Checks every field's presence and length (counted in chars).
    pub fn validate(&self) -> Result<(), KbInvalid> {
        line("kb_invalid_title", "The title", &self.title, MAX_TITLE)?;
        if self.tags.len() > MAX_TAGS {
            return Err(KbInvalid::new(
                "kb_invalid_tags",
                format!("An item has at most {MAX_TAGS} tags."),
            ));
        }
        for tag in &self.tags {
            line("kb_invalid_tags", "A tag", tag, MAX_TAG)?;
        }
        if let Some(collection) = &self.collection {
            line(
                "kb_invalid_collection",
                "The collection",
                collection,
                MAX_COLLECTION,
            )?;
        }
        match &self.content {
            KbContent::Document { markdown, .. } => body(markdown),
            KbContent::WebPage { url, markdown } => {
                web_url(url)?;
                body(markdown)
            }
            KbContent::Qa {
                question,
                alternatives,
                answer,
            } => {
                line(
                    "kb_invalid_question",
                    "The question",
                    question,
                    MAX_QUESTION,
                )?;
                if alternatives.len() > MAX_ALTERNATIVES {
                    return Err(KbInvalid::new(
                        "kb_invalid_question",
                        format!("A question has at most {MAX_ALTERNATIVES} alternative phrasings."),
                    ));
                }
                for alternative in alternatives {
                    line(
                        "kb_invalid_question",
                        "An alternative phrasing",
                        alternative,
                        MAX_QUESTION,
                    )?;
                }
                text("kb_invalid_answer", "The answer", answer, MAX_ANSWER)
            }
        }
    }
}

/// A single line of text: present, within `max` chars, no control characters.
fn line(code: &'static str, what: &str, value: &str, max: usize) -> Result<(), KbInvalid> {
    text(code, what, value, max)?;
    if value.chars().any(char::is_control) {
        return Err(KbInvalid::new(
            code,
            format!("{what} must be a single line of text."),
        ));
    }
    Ok(())
}

/// Text with something in it, within `max` chars, and no NUL.
fn text(code: &'static str, what: &str, value: &str, max: usize) -> Result<(), KbInvalid> {
    if value.trim().is_empty() {
        return Err(KbInvalid::new(code, format!("{what} is empty.")));
    }
    if value.chars().count() > max {
        return Err(KbInvalid::new(
            code,
            format!("{what} is longer than {max} characters."),
        ));
    }
    if value.contains('\0') {
        return Err(KbInvalid::new(
            code,
            format!("{what} contains a NUL character."),
        ));
    }
    Ok(())
}

fn body(markdown: &str) -> Result<(), KbInvalid> {
    text(
        "kb_invalid_body",
        "The document",
        markdown,
        MAX_DOCUMENT_CHARS,
    )
}

/// Only the shape; whether the host may be fetched is the server's check, after DNS.
fn web_url(url: &str) -> Result<(), KbInvalid> {
    line("kb_invalid_url", "The URL", url, MAX_URL)?;
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !url.contains(' ') => Ok(()),
        _ => Err(KbInvalid::new(
            "kb_invalid_url",
            "The URL must start with http:// or https:// and name a host.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(markdown: &str) -> KbDraft {
        KbDraft {
            title: "Office hours".into(),
            tags: vec!["office".into()],
            collection: None,
            content: KbContent::Document {
                markdown: markdown.into(),
                file: None,
            },
        }
    }

    fn code(draft: &KbDraft) -> Option<&'static str> {
        draft.validate().err().map(|e| e.code)
    }

    #[test]
    fn drafts_are_checked_field_by_field() {
        assert_eq!(code(&document("Open 9–5.")), None);
        assert_eq!(code(&document("  \n")), Some("kb_invalid_body"));
        let mut draft = document("Open.");
        draft.title = "Two\nlines".into();
        assert_eq!(code(&draft), Some("kb_invalid_title"));
        draft.title = "é".repeat(MAX_TITLE);
        assert_eq!(code(&draft), None, "chars, not bytes");
        draft.tags = vec!["x".into(); MAX_TAGS + 1];
        assert_eq!(code(&draft), Some("kb_invalid_tags"));
    }

    #[test]
    fn web_pages_need_an_http_url_and_qa_pairs_an_answer() {
        let mut draft = document("x");
        draft.content = KbContent::WebPage {
            url: "ftp://example.com".into(),
            markdown: "Page".into(),
        };
        assert_eq!(code(&draft), Some("kb_invalid_url"));
        draft.content = KbContent::WebPage {
            url: "HTTPS://example.com/faq".into(),
            markdown: "Page".into(),
        };
        assert_eq!(code(&draft), None);
        draft.content = KbContent::Qa {
            question: "Where do I park?".into(),
            alternatives: vec!["parking?".into()],
            answer: " ".into(),
        };
        assert_eq!(code(&draft), Some("kb_invalid_answer"));
        assert_eq!(
            draft.validate().unwrap_err().error_body().code,
            "kb_invalid_answer"
        );
    }
}
