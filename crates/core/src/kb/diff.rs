//! The line diff the history view shows between two versions (or a version and the
//! draft). Made with `similar`'s Myers diff; pure, so the app can diff offline.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};
use ts_rs::TS;

use super::item::KbDraft;

/// What happened to a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    Equal,
    Insert,
    Delete,
}

/// One line of the diff, with its number on each side it appears on (from 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DiffLine {
    pub op: DiffOp,
    /// The line without its line break.
    pub text: String,
    pub old_line: Option<u32>,
    pub new_line: Option<u32>,
}

/// Every line of both texts in diff order, with the counts for a summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VersionDiff {
    pub lines: Vec<DiffLine>,
    pub inserted: u32,
    pub deleted: u32,
}

/// The line diff from `old` to `new`.
pub fn diff_texts(old: &str, new: &str) -> VersionDiff {
    let diff = TextDiff::from_lines(old, new);
    let mut out = VersionDiff {
        lines: Vec::new(),
        inserted: 0,
        deleted: 0,
    };
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => DiffOp::Equal,
            ChangeTag::Insert => {
                out.inserted += 1;
                DiffOp::Insert
            }
            ChangeTag::Delete => {
                out.deleted += 1;
                DiffOp::Delete
            }
        };
        let number = |index: Option<usize>| index.map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX));
        out.lines.push(DiffLine {
            op,
            text: change.value().trim_end_matches(['\n', '\r']).to_owned(),
            old_line: number(change.old_index()),
            new_line: number(change.new_index()),
        });
    }
    out
}

/// The diff between two drafts or versions of one item: title, filters and content.
pub fn diff_drafts(old: &KbDraft, new: &KbDraft) -> VersionDiff {
    diff_texts(&old.diff_text(), &new.diff_text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::item::KbContent;

    #[test]
    fn changed_lines_show_as_a_delete_and_an_insert_with_line_numbers() {
        let diff = diff_texts("a\nb\nc\n", "a\nB\nc\nd");
        let ops: Vec<(DiffOp, &str, Option<u32>, Option<u32>)> = diff
            .lines
            .iter()
            .map(|l| (l.op, l.text.as_str(), l.old_line, l.new_line))
            .collect();
        assert_eq!(
            ops,
            vec![
                (DiffOp::Equal, "a", Some(1), Some(1)),
                (DiffOp::Delete, "b", Some(2), None),
                (DiffOp::Insert, "B", None, Some(2)),
                (DiffOp::Equal, "c", Some(3), Some(3)),
                (DiffOp::Insert, "d", None, Some(4)),
            ]
        );
        assert_eq!((diff.inserted, diff.deleted), (2, 1));
    }

    #[test]
    fn a_qa_diff_shows_a_new_phrasing_and_a_retitle() {
        let old = KbDraft {
            title: "Earnest money".into(),
            tags: vec!["buyers".into()],
            collection: None,
            content: KbContent::Qa {
                question: "How much earnest money?".into(),
                alternatives: vec![],
                answer: "1–3% of the price.".into(),
            },
        };
        let mut new = old.clone();
        new.title = "Earnest money deposit".into();
        if let KbContent::Qa { alternatives, .. } = &mut new.content {
            alternatives.push("What is a good faith deposit?".into());
        }
        let diff = diff_drafts(&old, &new);
        let inserted: Vec<&str> = diff
            .lines
            .iter()
            .filter(|l| l.op == DiffOp::Insert)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            inserted,
            [
                "# Earnest money deposit",
                "Also asked: What is a good faith deposit?"
            ]
        );
        assert_eq!(diff.deleted, 1);
    }
}
