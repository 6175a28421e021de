//! Reading a Markdown or plain text into its structural blocks: headings, paragraphs,
//! list items, fenced code blocks and tables. The blocks partition the text: blank lines
//! belong to the block before them, so every character is in exactly one block and the
//! chunks built from blocks lose nothing.

/// What a block is; it decides where a chunk may end inside it and how it is named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum BlockKind {
    Heading {
        level: usize,
        title: String,
    },
    Paragraph,
    ListItem,
    /// A fenced code block: it may only be split between its lines.
    Code,
    /// Consecutive `|` rows: split only between rows.
    Table,
}

/// One block: its kind and its char range `[start, end)` in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Block {
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
}

/// The blocks of `chars`, in order, covering every char exactly once.
pub(super) fn blocks(chars: &[char]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut previous_blank = true;
    for (start, end) in lines(chars) {
        let line = &chars[start..end];
        if let Some((mark, len)) = fence {
            extend(&mut out, end);
            if is_fence(line).is_some_and(|(m, l)| m == mark && l >= len) {
                fence = None;
                previous_blank = false;
            }
            continue;
        }
        let kind = if is_blank(line) {
            None
        } else if let Some(opened) = is_fence(line) {
            fence = Some(opened);
            Some(BlockKind::Code)
        } else if let Some((level, title)) = heading(line) {
            Some(BlockKind::Heading { level, title })
        } else if is_table_row(line) {
            match out.last() {
                Some(b) if b.kind == BlockKind::Table && !previous_blank => None,
                _ => Some(BlockKind::Table),
            }
        } else if is_list_marker(line) {
            Some(BlockKind::ListItem)
        } else {
            match out.last() {
                // A wrapped line continues its paragraph or list item.
                Some(b)
                    if !previous_blank
                        && matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem) =>
                {
                    None
                }
                _ => Some(BlockKind::Paragraph),
            }
        };
        previous_blank = is_blank(line);
        match kind {
            Some(kind) => out.push(Block { kind, start, end }),
            None if out.is_empty() => out.push(Block {
                kind: BlockKind::Paragraph,
                start,
                end,
            }),
            None => extend(&mut out, end),
        }
    }
    out
}

fn extend(out: &mut [Block], end: usize) {
    if let Some(last) = out.last_mut() {
        last.end = end;
    }
}

/// The char ranges of the lines, each with its line break.
fn lines(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in chars.iter().enumerate() {
        if *c == '\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out
}

fn is_blank(line: &[char]) -> bool {
    line.iter().all(|c| c.is_whitespace())
}

/// Up to three spaces of indent, as CommonMark allows before block markers.
fn unindented(line: &[char]) -> Option<&[char]> {
    let indent = line.iter().take_while(|c| **c == ' ').count();
    (indent <= 3).then(|| &line[indent..])
}

fn is_fence(line: &[char]) -> Option<(char, usize)> {
    let rest = unindented(line)?;
    let mark = *rest.first()?;
    if mark != '`' && mark != '~' {
        return None;
    }
    let len = rest.iter().take_while(|c| **c == mark).count();
    (len >= 3).then_some((mark, len))
}

fn heading(line: &[char]) -> Option<(usize, String)> {
    let rest = unindented(line)?;
    let level = rest.iter().take_while(|c| **c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = &rest[level..];
    if !after.is_empty() && !after[0].is_whitespace() {
        return None;
    }
    let title: String = after.iter().collect();
    let title = title.trim().trim_end_matches('#').trim().to_owned();
    Some((level, title))
}

fn is_table_row(line: &[char]) -> bool {
    unindented(line).is_some_and(|rest| rest.first() == Some(&'|'))
}

fn is_list_marker(line: &[char]) -> bool {
    let trimmed: Vec<char> = line.iter().copied().skip_while(|c| *c == ' ').collect();
    let bullet = matches!(trimmed.first(), Some('-' | '*' | '+' | '•'))
        && trimmed.get(1).is_some_and(|c| c.is_whitespace());
    let digits = trimmed.iter().take_while(|c| c.is_ascii_digit()).count();
    let numbered = (1..=9).contains(&digits)
        && matches!(trimmed.get(digits), Some('.' | ')'))
        && trimmed.get(digits + 1).is_some_and(|c| c.is_whitespace());
    bullet || numbered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        let chars: Vec<char> = text.chars().collect();
        blocks(&chars)
            .into_iter()
            .map(|b| (b.kind, chars[b.start..b.end].iter().collect()))
            .collect()
    }

    #[test]
    fn headings_paragraphs_lists_code_and_tables_are_told_apart() {
        let text = "# Title\n\nFirst line\nwrapped.\n\n- one\n- two\n  more\n\n```\n# not a heading\n```\n| a | b |\n|---|---|\n\nEnd";
        let got = kinds(text);
        let expected = vec![
            (
                BlockKind::Heading {
                    level: 1,
                    title: "Title".into(),
                },
                "# Title\n\n".to_owned(),
            ),
            (BlockKind::Paragraph, "First line\nwrapped.\n\n".into()),
            (BlockKind::ListItem, "- one\n".into()),
            (BlockKind::ListItem, "- two\n  more\n\n".into()),
            (BlockKind::Code, "```\n# not a heading\n```\n".into()),
            (BlockKind::Table, "| a | b |\n|---|---|\n\n".into()),
            (BlockKind::Paragraph, "End".into()),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end_and_hashtags_are_not_headings() {
        let got = kinds("#hashtag text\n~~~\ncode\n## inside");
        assert_eq!(got[0].0, BlockKind::Paragraph);
        assert_eq!(got[1], (BlockKind::Code, "~~~\ncode\n## inside".into()));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn leading_blank_lines_and_numbered_items_are_kept() {
        let got = kinds("\n\n1. first\n2) second\n10 apples");
        assert_eq!(got[0], (BlockKind::Paragraph, "\n\n".into()));
        assert_eq!(got[1].0, BlockKind::ListItem);
        assert_eq!(got[2], (BlockKind::ListItem, "2) second\n10 apples".into()));
    }
}
