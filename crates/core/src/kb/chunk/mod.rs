//! Splitting an item's text into the chunks the chatbot retrieves. The server and the
//! desktop cache both call this, so a chunk means the same on both sides: same bounds,
//! same heading path, same offsets.
//!
//! The rule, for the default bounds:
//! - A chunk's own content (its "core") ends at the strongest break available between
//!   800 and 1,350 chars from its start: a section start (the earliest one, so sections
//!   stay whole), else the latest block, sentence, word or, for a word longer than a
//!   chunk, char boundary, but not inside a grapheme cluster (an accent written as a
//!   combining mark, an emoji sequence). A section shorter than the minimum is merged
//!   with the next.
//! - The cores partition the text: concatenated, they are the text, char for char.
//! - A chunk's text is its core plus up to 150 chars of the previous core (from a
//!   sentence or word start), so an answer that straddles two chunks is found by
//!   either. A chunk that starts at a heading carries no overlap.
//! - So every chunk's text is at most 1,500 chars, and every core at least 800 chars,
//!   except the last core of an item, which is whatever is left.
//!
//! Offsets and lengths count chars (Unicode scalar values), never bytes, so a split
//! never falls inside a char.

mod blocks;
mod breaks;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use blocks::{Block, BlockKind};
use breaks::{NEVER, SECTION, SENTENCE, WORD};

/// Bumped whenever the chunking rule changes, so stored chunks made by an older rule can
/// be recognised and rebuilt rather than compared with new ones.
pub const CHUNKER_VERSION: u32 = 1;

/// The size bounds of chunks, in chars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkConfig {
    /// The least a chunk's own content holds, except the last chunk of an item.
    pub min_chars: usize,
    /// The most a chunk's text (overlap included) holds.
    pub max_chars: usize,
    /// The most a chunk repeats from the end of the chunk before it.
    pub overlap_chars: usize,
}

impl ChunkConfig {
    /// The bounds the knowledge base uses on the server and in the desktop cache.
    pub const STANDARD: ChunkConfig = ChunkConfig {
        min_chars: 800,
        max_chars: 1500,
        overlap_chars: 150,
    };

    /// The most a chunk's own content may hold, leaving room for the overlap.
    fn core_budget(&self) -> usize {
        self.max_chars.saturating_sub(self.overlap_chars).max(1)
    }
}

/// One retrievable piece of an item's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Chunk {
    /// Position among the item's chunks, from 0.
    pub ordinal: u32,
    /// The headings the chunk's own content sits under, outermost first. For a Q&A pair
    /// the question comes first.
    pub heading_path: Vec<String>,
    /// Char offset where `text` starts, overlap included, in the item's text: a
    /// document's or web page's Markdown, or a Q&A pair's answer.
    pub start: u32,
    /// Char offset where the chunk's own content starts; `start..content_start` repeats
    /// the end of the previous chunk.
    pub content_start: u32,
    /// Char offset just past the chunk's text.
    pub end: u32,
    /// The text the chatbot receives: the chars `start..end` of the item's text.
    pub text: String,
    /// For a Q&A pair, the question and its alternative phrasings, so every chunk of the
    /// answer is found by them. Empty for documents and web pages.
    pub questions: Vec<String>,
}

impl Chunk {
    /// Everything a lexical index should match this chunk by, besides the item's title:
    /// the questions, the heading path and the text, one per line.
    pub fn search_text(&self) -> String {
        let mut parts: Vec<&str> = self.questions.iter().map(String::as_str).collect();
        // A Q&A chunk's path starts with its question, already listed.
        let headings = self
            .heading_path
            .iter()
            .filter(|h| !self.questions.contains(h));
        parts.extend(headings.map(String::as_str));
        parts.push(&self.text);
        parts.join("\n")
    }
}

/// Splits a Markdown or plain text. A text with nothing but whitespace has no chunks.
pub fn chunk_text(text: &str, config: ChunkConfig) -> Vec<Chunk> {
    let chars: Vec<char> = text.chars().collect();
    if chars.iter().all(|c| c.is_whitespace()) {
        return Vec::new();
    }
    let blocks = blocks::blocks(&chars);
    let strength = breaks::strengths(&chars, &blocks);
    let sections = section_paths(&blocks);
    let mut chunks = Vec::new();
    let mut core_start = 0;
    while core_start < chars.len() {
        let core_end = core_end(&strength, core_start, config);
        let start = overlap_start(&strength, core_start, config.overlap_chars);
        chunks.push(Chunk {
            ordinal: to_u32(chunks.len()),
            heading_path: path_at(&sections, core_start),
            start: to_u32(start),
            content_start: to_u32(core_start),
            end: to_u32(core_end),
            text: chars[start..core_end].iter().collect(),
            questions: Vec::new(),
        });
        core_start = core_end;
    }
    chunks
}

/// Splits a Q&A pair's answer; each chunk leads its heading path with the question and
/// carries the question and alternative phrasings to be found by.
pub fn chunk_qa(
    question: &str,
    alternatives: &[String],
    answer: &str,
    config: ChunkConfig,
) -> Vec<Chunk> {
    let questions: Vec<String> = std::iter::once(question.trim())
        .chain(alternatives.iter().map(|a| a.trim()))
        .filter(|q| !q.is_empty())
        .map(str::to_owned)
        .collect();
    chunk_text(answer, config)
        .into_iter()
        .map(|mut chunk| {
            chunk.heading_path.insert(0, question.trim().to_owned());
            chunk.questions = questions.clone();
            chunk
        })
        .collect()
}

/// Where the core that starts at `start` ends (see the module's rule).
fn core_end(strength: &[u8], start: usize, config: ChunkConfig) -> usize {
    let len = strength.len() - 1;
    let budget = config.core_budget();
    if len - start <= budget {
        return len;
    }
    let low = (start + config.min_chars.min(budget)).max(start + 1);
    let high = start + budget;
    let window = low..=high;
    if let Some(section) = window.clone().find(|i| strength[*i] >= SECTION) {
        return section;
    }
    let best = window.clone().map(|i| strength[i]).max().unwrap_or(NEVER);
    window.rev().find(|i| strength[*i] == best).unwrap_or(high)
}

/// Where the text of the chunk whose core starts at `core_start` begins: at a heading in
/// the overlap if there is one (so the chunk names its section), else at the first
/// sentence start in the overlap, else at its first word start, else at the core.
fn overlap_start(strength: &[u8], core_start: usize, overlap: usize) -> usize {
    if core_start == 0 || strength[core_start] >= SECTION {
        return core_start;
    }
    let tail = core_start.saturating_sub(overlap)..core_start;
    if let Some(heading) = tail.clone().rev().find(|i| strength[*i] >= SECTION) {
        return heading;
    }
    [SENTENCE, WORD]
        .into_iter()
        .find_map(|level| tail.clone().find(|i| strength[*i] >= level))
        .unwrap_or(core_start)
}

/// Each heading's start with the full path of titles it opens, in text order.
fn section_paths(blocks: &[Block]) -> Vec<(usize, Vec<String>)> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut out = Vec::new();
    for block in blocks {
        if let BlockKind::Heading { level, title } = &block.kind {
            stack.retain(|(l, _)| l < level);
            stack.push((*level, title.clone()));
            out.push((block.start, stack.iter().map(|(_, t)| t.clone()).collect()));
        }
    }
    out
}

fn path_at(sections: &[(usize, Vec<String>)], position: usize) -> Vec<String> {
    let after = sections.partition_point(|(start, _)| *start <= position);
    after
        .checked_sub(1)
        .map(|i| sections[i].1.clone())
        .unwrap_or_default()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("an item's text is far shorter than 4 billion chars")
}

#[cfg(test)]
mod tests;
