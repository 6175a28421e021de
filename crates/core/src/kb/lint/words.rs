//! Reading text as words for the lint: lowercase, with plurals, possessives, British
//! spellings and punctuation folded away, so a rule written once as "perfect for
//! families" also catches "Perfect for a family's", "PERFECT-FOR-FAMILIES" and so on,
//! but never a word inside another word.

/// One word of the text with its char range and the sentence it is in; a rule's words
/// must all fall in one sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Word {
    /// The lowercase word, apostrophes removed, before plural folding.
    pub exact: String,
    /// `exact` with plurals folded: what most rule words are compared with.
    pub folded: String,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

/// The words of `text`. Letters and digits make words, an apostrophe inside a word
/// stays in it, and `+` right after digits belongs to them ("55+"). `.`, `!`, `?`, `;`,
/// `|` and blank lines end a sentence; other punctuation only separates words.
pub(super) fn words(text: &str) -> Vec<Word> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut sentence = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && continues_word(&chars, i) {
                i += 1;
            }
            let raw: String = chars[start..i].iter().collect();
            let exact = exact_form(&raw);
            out.push(Word {
                folded: fold(&exact),
                exact,
                start,
                end: i,
                sentence,
            });
            continue;
        }
        if matches!(c, '.' | '!' | '?' | ';' | '|' | '。' | '！' | '？')
            || ends_blank_line(&chars, i)
        {
            sentence += 1;
        }
        i += 1;
    }
    out
}

/// Whether `chars[i]` is a line break followed by a line of only whitespace.
fn ends_blank_line(chars: &[char], i: usize) -> bool {
    if chars[i] != '\n' {
        return false;
    }
    let rest = &chars[i + 1..];
    let blank = rest
        .iter()
        .take_while(|c| **c != '\n' && c.is_whitespace())
        .count();
    rest.get(blank) == Some(&'\n')
}

fn continues_word(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let inner_apostrophe = matches!(c, '\'' | '’')
        && i > 0
        && chars[i - 1].is_alphanumeric()
        && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
    let plus_after_digits = c == '+' && i > 0 && chars[i - 1].is_ascii_digit();
    c.is_alphanumeric() || inner_apostrophe || plus_after_digits
}

/// Lowercase, possessive `'s` dropped, apostrophes removed, British spellings made
/// American so one rule catches both.
fn exact_form(raw: &str) -> String {
    let lower = raw.to_lowercase().replace('’', "'");
    let lower = lower.strip_suffix("'s").unwrap_or(&lower).replace('\'', "");
    match lower.as_str() {
        "neighbourhood" => "neighborhood".to_owned(),
        "neighbourhoods" => "neighborhoods".to_owned(),
        "neighbour" => "neighbor".to_owned(),
        "neighbours" => "neighbors".to_owned(),
        "colour" => "color".to_owned(),
        "coloured" => "colored".to_owned(),
        _ => lower,
    }
}

/// The singular of a regular English plural; other words unchanged. Applied alike to
/// the text and to the rules, so an imperfect fold ("bus" stays, "yes" becomes "ye")
/// still compares equal on both sides.
fn fold(word: &str) -> String {
    let n = word.len();
    if n > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..n - 3]);
    }
    if n > 4
        && ["sses", "shes", "ches", "xes"]
            .iter()
            .any(|s| word.ends_with(s))
    {
        return word[..n - 2].to_owned();
    }
    if n > 2 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|s| word.ends_with(s)) {
        return word[..n - 1].to_owned();
    }
    word.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<(String, usize)> {
        words(text)
            .into_iter()
            .map(|w| (w.folded, w.sentence))
            .collect()
    }

    #[test]
    fn words_fold_plurals_possessives_case_and_spelling() {
        let got = folded("Families' KIDS, a child's Neighbourhoods; churches bus 55+ you’ll");
        let words: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            words,
            [
                "family",
                "kid",
                "a",
                "child",
                "neighborhood",
                "church",
                "bus",
                "55+",
                "youll"
            ]
        );
        assert_eq!(got[4].1, 0);
        assert_eq!(got[5].1, 1, "a semicolon ends the sentence");
    }

    #[test]
    fn spans_count_chars_and_sentences_end_at_stops_and_blank_lines() {
        let text = "Café près. Über\nline\n\nnext";
        let got = words(text);
        assert_eq!(
            (got[1].start, got[1].end),
            (5, 9),
            "char offsets, not bytes"
        );
        let sentences: Vec<usize> = got.iter().map(|w| w.sentence).collect();
        assert_eq!(sentences, [0, 0, 1, 1, 2]);
    }
}
