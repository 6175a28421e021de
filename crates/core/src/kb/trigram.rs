//! Trigram word similarity as PostgreSQL's pg_trgm computes it (`word_similarity`), so
//! the desktop's offline console can rank misspelled questions the way the server's
//! trigram ranking does, without PostgreSQL.
//!
//! pg_trgm lower-cases the text, splits it into words (runs of letters and digits), pads
//! each word with two spaces in front and one behind, and takes every run of three
//! characters. `word_similarity(a, b)` is the greatest similarity between the set of
//! `a`'s trigrams and any contiguous stretch of `b`'s trigrams, in order:
//! shared / (|a's set| + |the stretch's set| − shared).

use std::collections::HashSet;

/// A word's trigrams in order, as pg_trgm makes them.
fn word_trigrams(word: &str, out: &mut Vec<[char; 3]>) {
    let padded: Vec<char> = "  "
        .chars()
        .chain(word.chars().flat_map(char::to_lowercase))
        .chain(" ".chars())
        .collect();
    out.extend(padded.windows(3).map(|w| [w[0], w[1], w[2]]));
}

/// The text's trigrams in order, word after word.
pub fn trigrams(text: &str) -> Vec<[char; 3]> {
    let mut out = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        word_trigrams(word, &mut out);
    }
    out
}

/// pg_trgm's `word_similarity(needle, haystack)`, from 0 (nothing shared) to 1 (every
/// trigram of the needle in one stretch of the haystack, and nothing else in it).
pub fn word_similarity(needle: &str, haystack: &str) -> f64 {
    let wanted: HashSet<[char; 3]> = trigrams(needle).into_iter().collect();
    if wanted.is_empty() {
        return 0.0;
    }
    let sequence = trigrams(haystack);
    // A best stretch starts and ends on a wanted trigram: any other end only adds to the
    // stretch's own set without adding to what is shared.
    let ends: Vec<usize> = (0..sequence.len())
        .filter(|&i| wanted.contains(&sequence[i]))
        .collect();
    let mut best = 0.0_f64;
    for (n, &start) in ends.iter().enumerate() {
        let mut stretch: HashSet<[char; 3]> = HashSet::new();
        let mut shared = 0usize;
        let mut reached = start;
        for &end in &ends[n..] {
            for trigram in &sequence[reached..=end] {
                if stretch.insert(*trigram) && wanted.contains(trigram) {
                    shared += 1;
                }
            }
            reached = end + 1;
            let similarity = shared as f64 / (wanted.len() + stretch.len() - shared) as f64;
            best = best.max(similarity);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_postgresql_on_its_documented_examples() {
        // The pg_trgm documentation's examples.
        assert!((word_similarity("word", "two words") - 0.8).abs() < 1e-9);
        assert_eq!(word_similarity("word", "word"), 1.0);
        assert_eq!(word_similarity("word", "cat"), 0.0);
        assert_eq!(word_similarity("", "anything"), 0.0);
    }

    #[test]
    fn a_misspelling_still_resembles_the_words_it_misspells() {
        let close = word_similarity("earnst mony", "earnest money deposits");
        let far = word_similarity("earnst mony", "home inspection checklist");
        assert!(close >= 0.5, "{close}");
        assert!(far < 0.2, "{far}");
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        assert_eq!(
            word_similarity("HOA fees", "what are hoa-fees?"),
            word_similarity("hoa fees", "What are HOA fees")
        );
    }
}
