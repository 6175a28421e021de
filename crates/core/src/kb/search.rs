//! The chatbot's search as both sides speak it: the request and hit wire types of
//! `POST /v1/kb/search` (which the desktop test console mirrors offline), and reciprocal
//! rank fusion, which the server uses to fuse full-text and trigram rankings and the
//! client to fuse its own, so the two combine evidence the same way.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ErrorBody;
use crate::ids::{KbItemId, KbVersionId};

/// The constant of reciprocal rank fusion, as in Cormack et al. (2009).
pub const RRF_K: f64 = 60.0;
pub const DEFAULT_TOP_K: u32 = 5;
pub const MAX_TOP_K: u32 = 50;
const MAX_QUESTION: usize = 1_000;

/// A question to the knowledge base.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KbSearchRequest {
    pub question: String,
    /// How many chunks to return; 5 when absent, at most 50.
    #[serde(default)]
    pub top_k: Option<u32>,
    /// Only items carrying every one of these tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Only items in this collection.
    #[serde(default)]
    pub collection: Option<String>,
}

impl KbSearchRequest {
    /// The number of chunks to return, once the request is valid.
    pub fn validated_top_k(&self) -> Result<u32, ErrorBody> {
        let question = self.question.trim();
        if question.is_empty() || question.chars().count() > MAX_QUESTION {
            return Err(ErrorBody::new(
                "kb_invalid_question",
                format!("The question must have 1 to {MAX_QUESTION} characters."),
            ));
        }
        match self.top_k.unwrap_or(DEFAULT_TOP_K) {
            k @ 1..=MAX_TOP_K => Ok(k),
            _ => Err(ErrorBody::new(
                "kb_invalid_top_k",
                format!("topK must be between 1 and {MAX_TOP_K}."),
            )),
        }
    }
}

/// Words that carry no topic: left out of the trigram comparison, so they do not make
/// every title look alike (the full-text side drops its own stop words).
const FILLER: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "be", "do", "does", "did", "i", "you", "we", "my",
    "your", "our", "me", "it", "of", "to", "in", "on", "for", "and", "or", "what", "how", "when",
    "where", "who", "which", "why", "can", "could", "should", "would", "will", "much", "many",
    "there", "any", "if", "with", "about", "at", "by", "get", "have", "has", "need", "this",
    "that", "as", "from", "its", "so",
];

/// A question's words, lower-cased, in order: the runs of letters and digits, so no
/// query syntax (quotes, minus signs, operators) survives into a search.
pub fn question_words(question: &str) -> Vec<String> {
    question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The question's words that carry its topic, for trigram similarity (all of its words
/// when every one is filler), joined by spaces.
pub fn trigram_text(question: &str) -> String {
    let words = question_words(question);
    let content: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !FILLER.contains(w))
        .collect();
    if content.is_empty() {
        words.join(" ")
    } else {
        content.join(" ")
    }
}

/// One published chunk the chatbot gets back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbSearchHit {
    pub item_id: KbItemId,
    pub version_id: KbVersionId,
    pub title: String,
    pub heading_path: Vec<String>,
    pub chunk_ordinal: u32,
    /// The fused score: higher is better; comparable only within one response.
    pub score: f64,
    pub text: String,
}

/// Fuses rankings (each best first) by reciprocal rank fusion: a key scores the sum of
/// `1 / (k + rank)` over the rankings it appears in, rank counting from 1. The result
/// is best first; equal scores are ordered by key, so every caller fuses identically.
/// A key repeated within one ranking counts at its best rank only.
pub fn reciprocal_rank_fusion<K: Ord + Clone>(rankings: &[Vec<K>], k: f64) -> Vec<(K, f64)> {
    let mut scores: BTreeMap<K, f64> = BTreeMap::new();
    for ranking in rankings {
        let mut seen = BTreeSet::new();
        for (index, key) in ranking.iter().enumerate() {
            if seen.insert(key) {
                *scores.entry(key.clone()).or_insert(0.0) += 1.0 / (k + (index + 1) as f64);
            }
        }
    }
    let mut fused: Vec<(K, f64)> = scores.into_iter().collect();
    fused.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    fused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fusion_rewards_agreement_between_rankings() {
        let full_text = vec!["a", "b", "c"];
        let trigram = vec!["c", "b", "d"];
        let fused = reciprocal_rank_fusion(&[full_text, trigram], RRF_K);
        let order: Vec<&str> = fused.iter().map(|(key, _)| *key).collect();
        // c (ranks 3 and 1) edges out b (2 and 2); both beat a, first in only one.
        assert_eq!(order, ["c", "b", "a", "d"]);
        let b = fused[1].1;
        assert!((b - 2.0 / 62.0).abs() < 1e-12, "b is second in both: {b}");
        assert!((fused[3].1 - 1.0 / 63.0).abs() < 1e-12);
    }

    #[test]
    fn ties_break_by_key_and_repeats_count_once() {
        let fused = reciprocal_rank_fusion(&[vec![2, 1], vec![1, 2], vec![3, 3]], RRF_K);
        assert_eq!(
            fused.iter().map(|(key, _)| *key).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(fused[0].1, fused[1].1);
        assert!(
            (fused[2].1 - 1.0 / 61.0).abs() < 1e-12,
            "3 counts once, at rank 1"
        );
        assert!(reciprocal_rank_fusion::<u8>(&[], RRF_K).is_empty());
    }

    #[test]
    fn a_question_becomes_its_words_and_its_content_words() {
        assert_eq!(
            question_words("How much is earnest-money?"),
            ["how", "much", "is", "earnest", "money"]
        );
        assert_eq!(
            trigram_text("How much earnst mony do I need?"),
            "earnst mony"
        );
        assert_eq!(
            trigram_text("how is it"),
            "how is it",
            "all filler: keep it"
        );
        assert_eq!(
            question_words("\"a\" -b"),
            ["a", "b"],
            "no query syntax survives"
        );
    }

    #[test]
    fn a_request_is_checked_before_searching() {
        let mut request: KbSearchRequest =
            serde_json::from_str(r#"{"question":"how much is earnest money","tags":["buyers"]}"#)
                .unwrap();
        assert_eq!(request.validated_top_k(), Ok(DEFAULT_TOP_K));
        request.top_k = Some(0);
        assert_eq!(
            request.validated_top_k().unwrap_err().code,
            "kb_invalid_top_k"
        );
        request.top_k = Some(MAX_TOP_K);
        request.question = "  ".into();
        assert_eq!(
            request.validated_top_k().unwrap_err().code,
            "kb_invalid_question"
        );
    }
}
