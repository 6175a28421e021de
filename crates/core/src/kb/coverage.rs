//! Which chunks the full-text ranking considers: those sharing the most of a
//! question's content words, found by the index, not every chunk sharing any one of
//! them.
//!
//! A question's words joined by `or` match a large part of a big knowledge base (each
//! common word of its trade is in thousands of chunks), and ranking every match was
//! the whole cost of a search: 150 ms over 20,000 chunks. So the rankings ask in
//! stages: chunks holding all n content words, then at least n − 1 of them, and so on,
//! stopping at the first stage with enough candidates. Each stage is one index lookup
//! of "any of these conjunctions", and only its matches are ranked. A chunk sharing
//! fewer words ranks below those sharing more almost always; the trigram ranking, fused
//! beside this one, still finds a title that matches on its own.
//!
//! The server renders the stages as `websearch_to_tsquery` text and the desktop as
//! FTS5 queries, so both consider the same chunks.

use super::search::question_words;

/// PostgreSQL's English stop words (`english.stop`), which its full-text search drops:
/// left out of the stages too, so both sides count the same content words.
const STOP_WORDS: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "a",
    "an",
    "the",
    "and",
    "but",
    "if",
    "or",
    "because",
    "as",
    "until",
    "while",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "against",
    "between",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "then",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "no",
    "nor",
    "not",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
    "s",
    "t",
    "can",
    "will",
    "just",
    "don",
    "should",
    "now",
];

/// The most conjunctions one stage may hold; a stage with more (4 of 8 words is 70)
/// is skipped for the next, smaller one. "Any one word" is never skipped.
const MAX_CONJUNCTIONS: usize = 36;

/// The stages for `question`: [`coverage_stages`] of its content words.
pub fn question_stages(question: &str) -> Vec<Vec<Vec<String>>> {
    coverage_stages(&content_words(&question_words(question)))
}

/// A question's content words: its words without stop words, each once, in order.
fn content_words(words: &[String]) -> Vec<String> {
    let mut content: Vec<String> = Vec::new();
    for word in words {
        if !STOP_WORDS.contains(&word.as_str()) && !content.contains(word) {
            content.push(word.clone());
        }
    }
    content
}

/// The stages for `words` (content words), most demanding first: each is the list of
/// conjunctions ("all of these words") any one of which a candidate must match. The
/// last stage is always "any one word"; none when there are no words.
fn coverage_stages(words: &[String]) -> Vec<Vec<Vec<String>>> {
    let n = words.len();
    (1..=n)
        .rev()
        .filter(|&k| k == 1 || choose(n, k) <= MAX_CONJUNCTIONS)
        .map(|k| combinations(words, k))
        .collect()
}

/// n choose k, saturating: a long question's middle stages are astronomically large.
fn choose(n: usize, k: usize) -> usize {
    let k = k.min(n - k);
    (0..k).fold(1usize, |acc, i| acc.saturating_mul(n - i) / (i + 1))
}

/// Every choice of `k` of `words`, in order.
fn combinations(words: &[String], k: usize) -> Vec<Vec<String>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    if words.len() < k {
        return Vec::new();
    }
    let mut with_first: Vec<Vec<String>> = combinations(&words[1..], k - 1)
        .into_iter()
        .map(|mut rest| {
            rest.insert(0, words[0].clone());
            rest
        })
        .collect();
    with_first.extend(combinations(&words[1..], k));
    with_first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn stop_words_and_repeats_are_not_content() {
        assert_eq!(
            content_words(&words("what is the earnest money and the money deposit")),
            words("earnest money deposit")
        );
    }

    #[test]
    fn stages_go_from_every_word_to_any_word() {
        let stages = coverage_stages(&words("earnest money deposit"));
        assert_eq!(
            stages,
            vec![
                vec![words("earnest money deposit")],
                vec![
                    words("earnest money"),
                    words("earnest deposit"),
                    words("money deposit")
                ],
                vec![words("earnest"), words("money"), words("deposit")],
            ]
        );
        assert!(coverage_stages(&[]).is_empty());
    }

    #[test]
    fn a_stage_with_too_many_conjunctions_is_skipped_but_never_the_last() {
        let many = words("a b c d e f g h i j k l");
        let sizes: Vec<usize> = coverage_stages(&many).iter().map(|s| s[0].len()).collect();
        // 12 choose 10 is 66: from 12 words, only all, 11, and any one are asked.
        assert_eq!(sizes, vec![12, 11, 1]);
        assert!(
            coverage_stages(&many)
                .iter()
                .all(|s| s.len() <= MAX_CONJUNCTIONS || s[0].len() == 1)
        );
        // The longest question allowed is not a combinatorial explosion.
        let longest: Vec<String> = (0..200).map(|n| format!("w{n}")).collect();
        assert_eq!(coverage_stages(&longest).len(), 2);
    }
}
