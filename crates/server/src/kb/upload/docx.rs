//! DOCX to Markdown: the paragraphs of `word/document.xml` in order, a paragraph styled
//! `Heading1`…`Heading6` (or `Title`) as a `#` heading of that level, a paragraph in a
//! numbered or bulleted list (`w:numPr`, or a `List…` style) as a `- ` item. Tables'
//! cells come out as paragraphs; images, fields' codes and deleted text are dropped.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::html::reference;

/// The part of the package that holds the document's body.
const BODY_PART: &str = "word/document.xml";
/// A body larger than this once unpacked is refused: a zip bomb, not a policy manual.
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// The text of a DOCX file as Markdown, or why it cannot be read.
pub fn to_markdown(bytes: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "The file is not a Word document (DOCX): it is not a valid package.")?;
    if archive.by_name("EncryptedPackage").is_ok() {
        return Err(protected());
    }
    let part = archive.by_name(BODY_PART).map_err(|error| match error {
        zip::result::ZipError::UnsupportedArchive(_) => protected(),
        _ => "The file is not a Word document (DOCX): it has no document body.".to_owned(),
    })?;
    if part.encrypted() {
        return Err(protected());
    }
    let mut xml = String::new();
    part.take(MAX_BODY_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|_| "The Word document is damaged and its text cannot be read.".to_owned())?;
    if xml.len() as u64 > MAX_BODY_BYTES {
        return Err("The Word document's text is too large to read.".into());
    }
    paragraphs(&xml)
}

fn protected() -> String {
    "The Word document is protected by a password: save an unprotected copy and upload that."
        .to_owned()
}

/// One paragraph as it is read: its style and list marks, and its text.
#[derive(Default)]
struct Paragraph {
    heading: Option<usize>,
    list: bool,
    text: String,
}

impl Paragraph {
    fn markdown(&self) -> Option<String> {
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return None;
        }
        Some(match (self.heading, self.list) {
            (Some(level), _) => format!("{} {text}", "#".repeat(level)),
            (None, true) => format!("- {text}"),
            (None, false) => text,
        })
    }
}

fn paragraphs(xml: &str) -> Result<String, String> {
    let damaged = |_| "The Word document is damaged and its text cannot be read.".to_owned();
    let mut reader = Reader::from_str(xml);
    let mut blocks: Vec<String> = Vec::new();
    let mut paragraph: Option<Paragraph> = None;
    // Inside `w:t` (text), and inside parts whose text is not the document's.
    let (mut in_text, mut skipped) = (false, 0usize);
    loop {
        match reader.read_event().map_err(damaged)? {
            Event::Start(tag) => match tag.name().as_ref() {
                "w:p" => paragraph = Some(Paragraph::default()),
                "w:t" => in_text = true,
                "w:delText" | "w:instrText" | "w:drawing" | "w:pict" => skipped += 1,
                "w:numPr" => mark_list(&mut paragraph),
                _ => {}
            },
            Event::Empty(tag) => match tag.name().as_ref() {
                "w:pStyle" => {
                    let style = tag
                        .try_get_attribute("w:val")
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                    if let Some(p) = paragraph.as_mut() {
                        apply_style(p, &style);
                    }
                }
                "w:tab" | "w:br" | "w:cr" => {
                    if let Some(p) = paragraph.as_mut() {
                        p.text.push(' ');
                    }
                }
                "w:p" => blocks.push(String::new()),
                _ => {}
            },
            Event::Text(text) if in_text && skipped == 0 => {
                if let Some(p) = paragraph.as_mut() {
                    p.text.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(name) if in_text && skipped == 0 => {
                let name = name.xml10_content();
                if let (Some(p), Some(c)) = (paragraph.as_mut(), reference(&name)) {
                    p.text.push(c);
                }
            }
            Event::End(tag) => match tag.name().as_ref() {
                "w:p" => {
                    if let Some(text) = paragraph.take().and_then(|p| p.markdown()) {
                        blocks.push(text);
                    }
                }
                "w:t" => in_text = false,
                "w:delText" | "w:instrText" | "w:drawing" | "w:pict" => {
                    skipped = skipped.saturating_sub(1);
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(join(&blocks))
}

fn mark_list(paragraph: &mut Option<Paragraph>) {
    if let Some(p) = paragraph.as_mut()
        && p.heading.is_none()
    {
        p.list = true;
    }
}

/// `Heading1`…`Heading6` (Word's ids, also `heading 1` in some writers) and `Title`
/// make headings; `ListParagraph`, `ListBullet`… make list items.
fn apply_style(paragraph: &mut Paragraph, style: &str) {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if compact == "title" {
        paragraph.heading = Some(1);
    } else if let Some(level) = compact
        .strip_prefix("heading")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| (1..=6).contains(n))
    {
        paragraph.heading = Some(level);
        paragraph.list = false;
    } else if compact.starts_with("list") && paragraph.heading.is_none() {
        paragraph.list = true;
    }
}

/// Paragraphs separated by a blank line, list items of one list on consecutive lines.
fn join(blocks: &[String]) -> String {
    let mut out = String::new();
    let mut previous_item = false;
    for block in blocks.iter().filter(|b| !b.is_empty()) {
        let item = block.starts_with("- ");
        if !out.is_empty() {
            out.push_str(if item && previous_item { "\n" } else { "\n\n" });
        }
        out.push_str(block);
        previous_item = item;
    }
    out
}
