//! How good a place each char position is to end a chunk. The packer prefers the
//! strongest break that keeps a chunk within bounds, so chunks end at section starts,
//! then between blocks, then between sentences (or code and table lines), then between
//! words, and only as a last resort between two chars.

use super::blocks::{Block, BlockKind};

/// Inside a grapheme cluster (before a combining mark, a variation selector, or either
/// side of a zero-width joiner) or a CRLF: only if a whole chunk is one cluster.
pub(super) const NEVER: u8 = 0;
/// Between two chars: only for a single word longer than a whole chunk.
pub(super) const CHAR: u8 = 1;
pub(super) const WORD: u8 = 2;
/// Between sentences of a paragraph, or lines of a code block or table.
pub(super) const SENTENCE: u8 = 3;
pub(super) const BLOCK: u8 = 4;
/// Before a heading.
pub(super) const SECTION: u8 = 5;

/// Abbreviations whose period does not end a sentence (lowercase, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "ave", "blvd", "rd", "no", "vs", "etc", "e.g", "i.e", "approx",
    "u.s", "inc", "ltd", "co", "jr", "sr", "sq", "ft", "min", "max", "apt", "dept", "est",
];

/// `strength[i]` rates a chunk boundary just before char `i`, for `i` in `0..=len`.
pub(super) fn strengths(chars: &[char], blocks: &[Block]) -> Vec<u8> {
    let mut strength = vec![CHAR; chars.len() + 1];
    for i in 1..chars.len() {
        if joins(chars[i - 1], chars[i]) {
            strength[i] = NEVER;
        } else if chars[i - 1].is_whitespace() && !chars[i].is_whitespace() {
            strength[i] = WORD;
        }
    }
    let mut after_heading = false;
    for block in blocks {
        let inner = block.start + 1..block.end;
        match &block.kind {
            BlockKind::Heading { .. } => strength[block.start] = SECTION,
            // A heading is never left alone at the end of a chunk.
            _ if after_heading => {}
            _ => strength[block.start] = BLOCK,
        }
        match block.kind {
            BlockKind::Paragraph | BlockKind::ListItem => {
                for i in inner.filter(|i| starts_sentence(chars, *i)) {
                    strength[i] = strength[i].max(SENTENCE);
                }
            }
            BlockKind::Code | BlockKind::Table => {
                for i in inner.filter(|i| chars[i - 1] == '\n') {
                    strength[i] = strength[i].max(SENTENCE);
                }
            }
            BlockKind::Heading { .. } => {}
        }
        after_heading = matches!(block.kind, BlockKind::Heading { .. });
    }
    strength[chars.len()] = SECTION;
    strength
}

/// Whether `next` belongs to the same user-perceived character as `previous`. A cheap
/// approximation of grapheme clusters that covers accents written as combining marks,
/// emoji sequences and their modifiers, and CRLF.
fn joins(previous: char, next: char) -> bool {
    let combining = matches!(next,
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}'
        | '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}');
    combining || previous == '\u{200D}' || (previous == '\r' && next == '\n')
}

/// Whether a sentence starts at `i`: after `.`, `!` or `?` (and any closing quotes or
/// brackets) and whitespace, not after an abbreviation, and not with a lowercase letter;
/// or right after an ideographic full stop, which needs no space.
fn starts_sentence(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    if c.is_whitespace() {
        return false;
    }
    if matches!(chars[i - 1], '。' | '！' | '？') {
        return true;
    }
    if c.is_lowercase() {
        return false;
    }
    let mut j = i;
    while j > 0 && chars[j - 1].is_whitespace() {
        j -= 1;
    }
    if j == i {
        return false;
    }
    while j > 0 && matches!(chars[j - 1], '"' | '\'' | ')' | ']' | '”' | '’' | '*' | '_') {
        j -= 1;
    }
    if j == 0 || !matches!(chars[j - 1], '.' | '!' | '?') {
        return false;
    }
    chars[j - 1] != '.' || !after_abbreviation(chars, j - 1)
}

fn after_abbreviation(chars: &[char], period: usize) -> bool {
    let word_start = chars[..period]
        .iter()
        .rposition(|c| c.is_whitespace() || *c == '(')
        .map_or(0, |p| p + 1);
    let word: String = chars[word_start..period].iter().collect();
    let word = word.to_lowercase();
    // A single letter before a period is an initial ("J. Smith"), not a sentence end.
    word.chars().count() == 1 || ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::super::blocks::blocks;
    use super::*;

    fn sentence_starts(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let s = strengths(&chars, &blocks(&chars));
        (1..chars.len())
            .filter(|i| s[*i] == SENTENCE)
            .map(|i| chars[i..].iter().take(6).collect())
            .collect()
    }

    #[test]
    fn sentences_end_at_stops_but_not_at_abbreviations_or_initials() {
        let text = "Call Dr. Lee at 5 p.m. today. Then \"sign it.\" Next, see J. Smith! Ok? yes. 見る。次に";
        assert_eq!(
            sentence_starts(text),
            vec!["Then \"", "Next, ", "Ok? ye", "見る。次に", "次に"]
        );
    }

    #[test]
    fn a_heading_is_followed_by_no_block_break_and_code_breaks_by_line() {
        let text = "# H\nBody one.\n\n```\na\nb\n```\n";
        let chars: Vec<char> = text.chars().collect();
        let s = strengths(&chars, &blocks(&chars));
        assert_eq!(s[0], SECTION);
        assert_eq!(s[4], WORD, "the paragraph right after a heading");
        let fence = text.find("```").unwrap();
        assert_eq!(s[fence], BLOCK);
        assert_eq!(s[fence + 4], SENTENCE, "a code line");
        assert_eq!(s[chars.len()], SECTION);
    }

    #[test]
    fn grapheme_clusters_and_crlf_are_never_split() {
        let text = "e\u{301}👩\u{200D}🚀👍\u{1F3FD}\r\nx";
        let chars: Vec<char> = text.chars().collect();
        let s = strengths(&chars, &blocks(&chars));
        let never: Vec<usize> = (1..chars.len()).filter(|i| s[*i] == NEVER).collect();
        assert_eq!(never, [1, 3, 4, 6, 8]);
    }
}
