use super::*;
use proptest::prelude::*;

const STD: ChunkConfig = ChunkConfig::STANDARD;

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The cores, which must concatenate to the text.
fn cores(text: &str, chunks: &[Chunk]) -> String {
    let chars: Vec<char> = text.chars().collect();
    chunks
        .iter()
        .map(|c| {
            chars[c.content_start as usize..c.end as usize]
                .iter()
                .collect::<String>()
        })
        .collect()
}

/// Checks every promise of the module's rule for one text.
fn assert_rule_holds(text: &str, config: ChunkConfig) {
    let chunks = chunk_text(text, config);
    let chars: Vec<char> = text.chars().collect();
    if chars.iter().all(|c| c.is_whitespace()) {
        assert!(chunks.is_empty());
        return;
    }
    assert_eq!(cores(text, &chunks), text, "no text lost or repeated");
    for (i, chunk) in chunks.iter().enumerate() {
        assert_eq!(chunk.ordinal as usize, i);
        let (start, core, end) = (
            chunk.start as usize,
            chunk.content_start as usize,
            chunk.end as usize,
        );
        assert!(start <= core && core < end);
        assert_eq!(chunk.text, chars[start..end].iter().collect::<String>());
        assert!(
            char_len(&chunk.text) <= config.max_chars,
            "chunk {i} too long"
        );
        assert!(core - start <= config.overlap_chars);
        if i + 1 < chunks.len() {
            assert!(end - core >= config.min_chars, "chunk {i} too short");
        }
    }
}

fn paragraph(sentences: usize, seed: usize) -> String {
    (0..sentences)
        .map(|i| {
            format!(
                "Sentence {} about escrow deposits and closing timelines number {}.",
                seed, i
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_short_text_is_one_chunk_with_its_heading_path() {
    let text = "# Buying\n\n## Inspections\n\nBook the inspector within five days.\n";
    let chunks = chunk_text(text, STD);
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].text, text);
    assert_eq!(chunks[0].heading_path, vec!["Buying"]);
    assert!(chunk_text(" \n\t\n", STD).is_empty());
}

#[test]
fn sections_stay_whole_and_tiny_sections_merge() {
    let text = format!(
        "# Guide\n\n## Offers\n\n{}\n\n## Tiny\n\nShort.\n\n## Escrow\n\n{}\n\n## Closing\n\n{}\n",
        paragraph(14, 1),
        paragraph(6, 2),
        paragraph(24, 3)
    );
    assert_rule_holds(&text, STD);
    let chunks = chunk_text(&text, STD);
    let paths: Vec<Vec<String>> = chunks.iter().map(|c| c.heading_path.clone()).collect();
    assert_eq!(
        paths,
        vec![
            vec!["Guide".to_owned()],
            vec!["Guide".to_owned(), "Tiny".to_owned()],
            vec!["Guide".to_owned(), "Closing".to_owned()],
        ],
        "the tiny section merged with the one after it"
    );
    assert!(
        chunks[1].text.starts_with("## Tiny"),
        "no overlap at a heading"
    );
    assert!(chunks[1].text.contains("## Escrow"));
}

#[test]
fn a_long_paragraph_splits_between_sentences_with_overlap() {
    let text = paragraph(60, 7);
    assert_rule_holds(&text, STD);
    let chunks = chunk_text(&text, STD);
    assert!(chunks.len() >= 3);
    for pair in chunks.windows(2) {
        assert!(pair[0].text.ends_with(". "), "{:?}", pair[0].text);
        assert!(pair[1].content_start > pair[1].start, "carries overlap");
        assert!(
            pair[1].text.starts_with("Sentence "),
            "overlap starts at a sentence"
        );
    }
}

#[test]
fn a_run_without_spaces_splits_between_chars_never_inside_one() {
    let text = "🏠é".repeat(2000);
    assert_rule_holds(&text, STD);
    let chunks = chunk_text(&text, STD);
    assert_eq!(char_len(&chunks[0].text), STD.core_budget());
}

#[test]
fn a_run_of_accented_letters_splits_only_before_a_base_letter() {
    let text = "e\u{301}".repeat(1000);
    assert_rule_holds(&text, STD);
    for chunk in chunk_text(&text, STD) {
        assert!(chunk.text.starts_with('e'), "an accent stays on its letter");
    }
}

#[test]
fn a_long_code_block_splits_between_its_lines() {
    let code: String = (0..120)
        .map(|i| format!("let value_{i} = {i};\n"))
        .collect();
    let text = format!("Intro.\n\n```rust\n{code}```\n");
    assert_rule_holds(&text, STD);
    for chunk in chunk_text(&text, STD).iter().skip(1) {
        let core: String = text
            .chars()
            .skip(chunk.content_start as usize)
            .take(1)
            .collect();
        assert!(
            core == "l" || core == "`",
            "a code chunk starts at a line: {core:?}"
        );
    }
}

#[test]
fn a_table_splits_between_rows() {
    let rows: String = (0..80)
        .map(|i| format!("| Fee {i} | ${i}.00 |\n"))
        .collect();
    let text = format!("| Fee | Amount |\n|---|---|\n{rows}");
    assert_rule_holds(&text, STD);
    for chunk in chunk_text(&text, STD) {
        assert!(chunk.text.ends_with('\n'), "ends at a row end");
    }
}

#[test]
fn qa_chunks_lead_with_the_question_and_carry_the_phrasings() {
    let alternatives = vec!["  How much is earnest money? ".to_owned(), String::new()];
    let chunks = chunk_qa(
        "What deposit do I make with an offer?",
        &alternatives,
        "Usually 1–3% of the price, held in escrow.",
        STD,
    );
    assert_eq!(chunks.len(), 1);
    assert_eq!(
        chunks[0].heading_path,
        vec!["What deposit do I make with an offer?"]
    );
    assert_eq!(
        chunks[0].questions,
        vec![
            "What deposit do I make with an offer?",
            "How much is earnest money?"
        ]
    );
    let search = chunks[0].search_text();
    assert!(search.contains("earnest money") && search.contains("held in escrow"));
    assert_eq!(
        search.matches("What deposit").count(),
        1,
        "the question once"
    );
}

/// Markdown-ish text built from random structure, words and Unicode.
fn arbitrary_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-zA-Z]{1,12}",
        "[à-ÿ]{1,6}",
        Just("naïve".to_owned()),
        Just("🏡".to_owned()),
        Just("見る。".to_owned()),
        Just("cafe\u{301}".to_owned()),
        Just("👩\u{200D}👩\u{200D}👧".to_owned()),
        "[a-z]{200,1700}",
    ];
    let sentence = prop::collection::vec(word, 1..40).prop_map(|w| format!("{}.", w.join(" ")));
    let paragraph = prop::collection::vec(sentence, 1..12).prop_map(|s| s.join(" "));
    let block = prop_oneof![
        4 => paragraph.clone(),
        1 => "[a-z ]{1,30}".prop_map(|t| format!("## {t}")),
        1 => paragraph.clone().prop_map(|p| format!("- {p}")),
        1 => prop::collection::vec("[a-z =;]{0,90}", 1..40)
            .prop_map(|l| format!("```\n{}\n```", l.join("\n"))),
        1 => prop::collection::vec("[a-z0-9 ]{0,60}", 1..30)
            .prop_map(|r| r.iter().map(|c| format!("| {c} |")).collect::<Vec<_>>().join("\n")),
    ];
    let separator = prop_oneof![Just("\n\n"), Just("\n"), Just("\r\n\r\n"), Just("  \n\n\n")];
    prop::collection::vec((block, separator), 0..25)
        .prop_map(|parts| parts.into_iter().map(|(b, s)| b + s).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_text_keeps_the_rule(text in arbitrary_text()) {
        assert_rule_holds(&text, STD);
    }

    #[test]
    fn small_bounds_keep_the_rule_too(text in arbitrary_text(), min in 1usize..60, extra in 1usize..80, overlap in 0usize..30) {
        let config = ChunkConfig { min_chars: min, max_chars: min + extra + overlap, overlap_chars: overlap };
        assert_rule_holds(&text, config);
    }

    #[test]
    fn chunking_is_deterministic(text in arbitrary_text()) {
        prop_assert_eq!(chunk_text(&text, STD), chunk_text(&text, STD));
    }
}
