//! Finding the rule tables' phrases in a text, word by word.
//!
//! When matches overlap, the longest wins, so "walking distance to the church" (a
//! religious landmark) beats "walking distance" (allowed) and "mature trees" (a term of
//! art) beats "mature" (a proxy). Between equally long matches an allowing one wins
//! ("no family room" is about a room), then the more severe.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::federal::FEDERAL;
use super::rule::{RuleGroup, Source, Verdict, expand};
use super::state::{STATE_GROUPS, STATES};
use super::words::{Word, words};
use super::{Finding, LintContext, Severity};

/// One word of a compiled phrase.
struct PhraseWord {
    text: String,
    /// Compare with the word as written rather than its folded singular.
    exact: bool,
}

impl PhraseWord {
    fn matches(&self, word: &Word) -> bool {
        let seen = if self.exact {
            &word.exact
        } else {
            &word.folded
        };
        *seen == self.text
    }
}

/// One phrase of a group, in the jurisdiction it applies to.
struct Phrase {
    words: Vec<PhraseWord>,
    group: &'static RuleGroup,
    /// `None` for federal rules, else the state's code.
    state: Option<&'static str>,
}

/// Every phrase, by the text of its first word.
static PHRASES: LazyLock<HashMap<String, Vec<Phrase>>> = LazyLock::new(compile);

fn compile() -> HashMap<String, Vec<Phrase>> {
    let federal = FEDERAL.iter().map(|group| (group, None));
    let state = STATES.iter().flat_map(|s| {
        STATE_GROUPS
            .iter()
            .filter(|g| s.classes.contains(&g.class))
            .map(|group| (group, Some(s.code)))
    });
    let mut index: HashMap<String, Vec<Phrase>> = HashMap::new();
    for (group, state) in federal.chain(state) {
        for template in group.phrases {
            for phrase in expand(template) {
                let words = phrase_words(&phrase);
                let first = words.first().expect("a phrase has words").text.clone();
                index.entry(first).or_default().push(Phrase {
                    words,
                    group,
                    state,
                });
            }
        }
    }
    index
}

/// A phrase's words, read as the text is read; `=` before a word keeps it exact.
fn phrase_words(phrase: &str) -> Vec<PhraseWord> {
    phrase
        .split_whitespace()
        .flat_map(|piece| {
            let (exact, piece) = match piece.strip_prefix('=') {
                Some(rest) => (true, rest),
                None => (false, piece),
            };
            words(piece).into_iter().map(move |w| PhraseWord {
                text: if exact { w.exact } else { w.folded },
                exact,
            })
        })
        .collect()
}

/// A phrase found at words `first..last` of the text.
struct Match {
    first: usize,
    last: usize,
    phrase: &'static Phrase,
}

impl Match {
    fn len(&self) -> usize {
        self.last - self.first
    }

    fn allows(&self) -> bool {
        matches!(
            self.phrase.group.verdict,
            Verdict::Exempt | Verdict::Flag(Severity::Info)
        )
    }

    fn severity(&self) -> Option<Severity> {
        match self.phrase.group.verdict {
            Verdict::Exempt => None,
            Verdict::Flag(severity) => Some(severity),
        }
    }
}

pub(super) fn find(text: &str, context: &LintContext<'_>) -> Vec<Finding> {
    let words = words(text);
    let state = context.state.map(str::to_ascii_uppercase);
    let mut matches = Vec::new();
    for first in 0..words.len() {
        let word = &words[first];
        let mut keys = vec![word.folded.as_str()];
        if word.exact != word.folded {
            keys.push(&word.exact);
        }
        let candidates = keys
            .into_iter()
            .filter_map(|key| PHRASES.get(key))
            .flatten();
        for phrase in candidates {
            let applies = phrase.state.is_none() || phrase.state == state.as_deref();
            if applies && matches_at(&words, first, phrase) {
                let last = first + phrase.words.len();
                matches.push(Match {
                    first,
                    last,
                    phrase,
                });
            }
        }
    }
    matches.sort_by_key(|m| {
        (
            std::cmp::Reverse(m.len()),
            !m.allows(),
            std::cmp::Reverse(m.severity()),
            m.first,
        )
    });
    let mut kept: Vec<Match> = Vec::new();
    for m in matches {
        if kept.iter().all(|k| m.last <= k.first || k.last <= m.first) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.first);
    kept.iter()
        .filter_map(|m| finding(text, &words, m, context))
        .collect()
}

fn matches_at(words: &[Word], first: usize, phrase: &Phrase) -> bool {
    let Some(span) = words.get(first..first + phrase.words.len()) else {
        return false;
    };
    let sentence = span[0].sentence;
    span.iter()
        .zip(&phrase.words)
        .all(|(word, expected)| word.sentence == sentence && expected.matches(word))
}

fn finding(text: &str, words: &[Word], m: &Match, context: &LintContext<'_>) -> Option<Finding> {
    let group = m.phrase.group;
    let mut severity = m.severity()?;
    let mut reason = group.reason;
    let mut source = match group.source.federal_name() {
        Some(name) => name,
        None => state_statute(m.phrase.state),
    };
    let mut rewording = group.rewording;
    if group.older_persons_exempt && context.housing_for_older_persons {
        severity = Severity::Info;
        reason = "Allowed: the property is marked as qualified housing for older persons.";
        source = Source::OlderPersonsAct
            .federal_name()
            .expect("a federal source");
        rewording = None;
    }
    let (start, end) = (words[m.first].start, words[m.last - 1].end);
    Some(Finding {
        start: to_u32(start),
        end: to_u32(end),
        text: text.chars().skip(start).take(end - start).collect(),
        severity,
        class: group.class,
        reason: reason.to_owned(),
        source: source.to_owned(),
        rewording: rewording.map(str::to_owned),
    })
}

fn state_statute(code: Option<&str>) -> &'static str {
    STATES
        .iter()
        .find(|s| Some(s.code) == code)
        .map(|s| s.statute)
        .expect("a state rule is compiled with its state")
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("a linted text is far shorter than 4 billion chars")
}
