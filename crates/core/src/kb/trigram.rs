//! Trigram word similarity as PostgreSQL's pg_trgm computes it (`word_similarity`), so
//! the desktop's offline console can rank misspelled questions the way the server's
//! trigram ranking does, without PostgreSQL.
//!
//! pg_trgm lower-cases the text, splits it into words (runs of letters and digits), pads
//! each word with two spaces in front and one behind, and takes every run of three
//! characters. `word_similarity(a, b)` is the greatest similarity between the set of
//! `a`'s trigrams and any contiguous stretch of `b`'s trigrams, in order:
//! shared / (|a's set| + |the stretch's set| − shared).

use std::collections::HashMap;

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
    Needle::new(needle).similarity(haystack)
}

/// A needle's distinct trigrams, made once to measure many haystacks against it.
pub struct Needle {
    /// Sorted, each once.
    wanted: Vec<[char; 3]>,
}

impl Needle {
    pub fn new(text: &str) -> Self {
        let mut wanted = trigrams(text);
        wanted.sort_unstable();
        wanted.dedup();
        Needle { wanted }
    }

    /// How many distinct trigrams the needle has.
    pub fn len(&self) -> usize {
        self.wanted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.wanted.is_empty()
    }

    /// Whether `trigram` is one of the needle's.
    pub fn contains(&self, trigram: &[char; 3]) -> bool {
        self.wanted.binary_search(trigram).is_ok()
    }

    /// How many trigrams the two share: `self.similarity` of `other`'s text is at most
    /// this over `self.len()`.
    pub fn shared(&self, other: &Needle) -> usize {
        other
            .wanted
            .iter()
            .filter(|gram| self.contains(gram))
            .count()
    }

    /// `word_similarity(needle, haystack)`.
    pub fn similarity(&self, haystack: &str) -> f64 {
        let wanted = self.wanted.len();
        if wanted == 0 {
            return 0.0;
        }
        // Each distinct trigram of the haystack as a number: the needle's by their place
        // in `wanted`, the others after them.
        let mut others: HashMap<[char; 3], usize> = HashMap::new();
        let sequence: Vec<usize> = trigrams(haystack)
            .into_iter()
            .map(|gram| match self.wanted.binary_search(&gram) {
                Ok(place) => place,
                Err(_) => {
                    let next = wanted + others.len();
                    *others.entry(gram).or_insert(next)
                }
            })
            .collect();
        // A best stretch starts and ends on a wanted trigram: any other end only adds to the
        // stretch's own set without adding to what is shared.
        let ends: Vec<usize> = (0..sequence.len())
            .filter(|&i| sequence[i] < wanted)
            .collect();
        // Which stretch (by the index of its start in `ends`) last met each trigram.
        let mut met = vec![usize::MAX; wanted + others.len()];
        let mut best = 0.0_f64;
        for (n, &start) in ends.iter().enumerate() {
            let (mut distinct, mut shared) = (0usize, 0usize);
            let mut reached = start;
            for &end in &ends[n..] {
                for &gram in &sequence[reached..=end] {
                    if met[gram] != n {
                        met[gram] = n;
                        distinct += 1;
                        if gram < wanted {
                            shared += 1;
                        }
                    }
                }
                reached = end + 1;
                let similarity = shared as f64 / (wanted + distinct - shared) as f64;
                best = best.max(similarity);
            }
        }
        best
    }
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

    /// The measure as first written: a set per stretch.
    fn reference(needle: &str, haystack: &str) -> f64 {
        use std::collections::HashSet;
        let wanted: HashSet<[char; 3]> = trigrams(needle).into_iter().collect();
        if wanted.is_empty() {
            return 0.0;
        }
        let sequence = trigrams(haystack);
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
                best = best.max(shared as f64 / (wanted.len() + stretch.len() - shared) as f64);
            }
        }
        best
    }

    #[test]
    fn gives_exactly_what_the_set_per_stretch_measure_gives() {
        let texts = [
            "",
            "word",
            "earnst mony",
            "earnest money deposits",
            "home inspection checklist",
            "what are hoa fees",
            "closing costs closing date costs",
            "aaa aaaa aa a",
            "money earnest earnest money mony",
            "inspection contingency / repairs after the inspection",
            "Ünïcode straße déjà vu",
            "escrow 2024 escrow-fees 12",
        ];
        for needle in texts {
            let measured = Needle::new(needle);
            for haystack in texts {
                assert_eq!(
                    measured.similarity(haystack).to_bits(),
                    reference(needle, haystack).to_bits(),
                    "{needle:?} in {haystack:?}"
                );
                assert!(
                    measured.similarity(haystack)
                        <= measured.shared(&Needle::new(haystack)) as f64
                            / measured.len().max(1) as f64
                );
            }
        }
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        assert_eq!(
            word_similarity("HOA fees", "what are hoa-fees?"),
            word_similarity("hoa fees", "What are HOA fees")
        );
    }
}
