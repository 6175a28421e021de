//! HTML to the Markdown-like text core's chunker follows: headings become `#` lines (so
//! chunks keep their heading path), list items `- ` lines, block elements paragraphs;
//! scripts, styles, the head and comments are dropped and character references decoded.
//! A small reader of the tags, not a browser: knowledge-base pages are simple documents,
//! and a page it reads badly still gives its words to search.

/// Elements whose content is never text the chatbot should say.
const SKIPPED: &[&str] = &["script", "style", "head", "noscript", "template", "svg"];
/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "table",
    "tr",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "br",
    "hr",
    "dl",
    "dt",
    "dd",
    "form",
    "body",
];

pub fn to_markdown(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut skipping: Option<String> = None;
    while let Some(open) = rest.find('<') {
        if skipping.is_none() {
            push_text(&mut out, &rest[..open]);
        }
        rest = &rest[open..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(close) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[1..close];
        rest = &rest[close + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(skipped) = &skipping {
            if closing && &name == skipped {
                skipping = None;
            }
            continue;
        }
        if !closing && SKIPPED.contains(&name.as_str()) && !tag.ends_with('/') {
            skipping = Some(name);
            continue;
        }
        match (name.as_str(), closing) {
            (h, false) if is_heading(h) => {
                let level = h[1..].parse::<usize>().unwrap_or(1);
                out.push_str("\n\n");
                out.push_str(&"#".repeat(level));
                out.push(' ');
            }
            (h, true) if is_heading(h) => out.push_str("\n\n"),
            ("li", false) => out.push_str("\n- "),
            (block, _) if BLOCKS.contains(&block) => out.push_str("\n\n"),
            ("td" | "th", true) => out.push(' '),
            _ => {}
        }
    }
    if skipping.is_none() {
        push_text(&mut out, rest);
    }
    tidy(&out)
}

fn is_heading(name: &str) -> bool {
    name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit()
}

/// Text between tags: whitespace runs become one space, references are decoded.
fn push_text(out: &mut String, raw: &str) {
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in decode(raw).chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

fn decode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|end| *end <= 10);
        let decoded = end.and_then(|end| reference(&rest[1..end]));
        match (end, decoded) {
            (Some(end), Some(c)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference names (`amp`, `#39`, `#x27`…), XML's five included.
pub(crate) fn reference(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "hellip" => '…',
        _ => return None,
    })
}

/// Trims each line and keeps at most one blank line between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = true;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line == "-" {
            if !blank {
                out.push('\n');
                blank = true;
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
        blank = false;
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_and_paragraphs_survive_and_markup_does_not() {
        let html = r#"<html><head><title>x</title><style>p{}</style></head><body>
            <h1>Buying a home</h1><!-- draft --><p>Earnest&nbsp;money is&#32;held
            in <b>escrow</b> &amp; credited.</p><script>alert(1)</script>
            <h2>Steps</h2><ul><li>Get pre-approved</li><li>Make an offer</li></ul>
            <table><tr><td>Fee</td><td>$500</td></tr></table></body></html>"#;
        assert_eq!(
            to_markdown(html),
            "# Buying a home\n\nEarnest money is held in escrow & credited.\n\n## Steps\n\n\
             - Get pre-approved\n- Make an offer\n\nFee $500"
        );
        assert_eq!(
            to_markdown("a &bogus; b &#0; <unclosed"),
            "a &bogus; b &#0;"
        );
    }
}
