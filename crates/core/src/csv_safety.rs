//! Every CSV the product writes goes through [`SafeCsv`], which neutralises cells a
//! spreadsheet would run as a formula (OWASP's "CSV injection"): a lead named
//! `=HYPERLINK("http://evil.example","x")` must come back as text, not as a link.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
//! apostrophe, which spreadsheets read as "this is text". Phone numbers are the one
//! exception: a cell made only of digits, spaces and `+ - ( ) . ;` (`+1 415 555 0100`,
//! or several joined with `; `) cannot name a function, a reference or a DDE command,
//! so it is written as is and stays dialable and re-importable. Brokerdesk's own
//! importers strip the apostrophe again ([`restore`]), so an export imports back
//! unchanged.

use std::borrow::Cow;

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as it is safe to write.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if TRIGGERS.contains(&first) && !is_phone_like(cell) => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// A cell read from a file, with the apostrophe [`neutralise`] added taken off again.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) => rest,
        _ => cell,
    }
}

fn is_phone_like(cell: &str) -> bool {
    cell.chars().any(|c| c.is_ascii_digit())
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().;".contains(c))
}

/// A CSV document written in memory, every cell neutralised.
pub struct SafeCsv {
    writer: SafeCsvWriter<Vec<u8>>,
}

impl SafeCsv {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Self {
        Self {
            writer: SafeCsvWriter::new(Vec::new(), header).expect("writing to memory"),
        }
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        self.writer.row(cells).expect("writing to memory");
    }

    pub fn finish(self) -> String {
        String::from_utf8(self.writer.into_inner().expect("writing to memory"))
            .expect("CSV of UTF-8 is UTF-8")
    }
}

/// The same CSV, every cell neutralised, written as it goes into any `Write` (a file,
/// a ZIP entry), for documents too large to hold in memory.
pub struct SafeCsvWriter<W: std::io::Write> {
    writer: csv::Writer<W>,
}

impl<W: std::io::Write> SafeCsvWriter<W> {
    pub fn new<S: AsRef<str>>(out: W, header: &[S]) -> std::io::Result<Self> {
        let mut csv = Self {
            writer: csv::Writer::from_writer(out),
        };
        csv.row(header)?;
        Ok(csv)
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> std::io::Result<()> {
        self.writer
            .write_record(
                cells
                    .iter()
                    .map(|cell| neutralise(cell.as_ref()).into_owned()),
            )
            .map_err(std::io::Error::other)
    }

    /// Flushes what is buffered and hands back the destination.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.writer.into_inner().map_err(|e| e.into_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_come_back_unchanged() {
        for attack in [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "@SUM(1+1)",
            "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "\t=1+1",
            "\r=1+1",
        ] {
            let safe = neutralise(attack);
            assert!(safe.starts_with('\''), "{attack:?} was written as {safe:?}");
            assert_eq!(restore(&safe), attack);
        }
    }

    #[test]
    fn the_streaming_writer_neutralises_like_the_document() {
        let mut streamed = SafeCsvWriter::new(Vec::new(), &["name"]).unwrap();
        streamed.row(&["=1+1"]).unwrap();
        let mut document = SafeCsv::new(&["name"]);
        document.row(&["=1+1"]);
        let streamed = String::from_utf8(streamed.into_inner().unwrap()).unwrap();
        assert_eq!(streamed, document.finish());
        assert!(streamed.contains("'=1+1"));
    }

    #[test]
    fn phone_numbers_and_plain_text_are_written_as_they_are() {
        for plain in [
            "+1 415 555 0100",
            "+14155550100; +1 (212) 555-0199",
            "Ada",
            "",
            "'quoted",
        ] {
            assert_eq!(neutralise(plain), plain);
            assert_eq!(restore(plain), plain);
        }
    }

    #[test]
    fn every_cell_of_a_document_is_neutralised() {
        let mut csv = SafeCsv::new(&["name", "notes"]);
        csv.row(&["=1+1", "@SUM(A1)"]);
        assert_eq!(csv.finish(), "name,notes\n'=1+1,'@SUM(A1)\n");
    }
}
