//! Reading Dotloop's CSV export. Columns are found by header: the fixed ones (`Loop
//! View`, `Loop Status`, `Price`…) and one `Section / Field` column per detail, custom
//! sections included. Records are RFC 4180 (the `csv` crate), so remarks with commas,
//! quotes and line breaks survive. Lines that repeat a loop view id are merged into one
//! loop before any value is read, so a loop is previewed, and written, once.

use csv::StringRecord;
use std::collections::HashMap;

pub use super::csv_columns::ExportColumns;
use super::csv_columns::{Column, section_and_field};
use super::csv_duplicates::RawLoop;
use super::csv_file::{FileEncoding, ImportRefused, decode};
use super::details::{Slot, ValueFinding};
use super::record::{CustomField, Participant, TransactionFields};
use super::status::status_code;
use super::values;

/// An export with more loops than this is refused whole: split it by date range.
pub const MAX_EXPORT_ROWS: usize = 250_000;

/// One loop as the export states it.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedLoop {
    /// The file lines (where each record starts) this loop came from; more than one
    /// when duplicate lines were merged.
    pub lines: Vec<u64>,
    pub fields: TransactionFields,
    pub findings: Vec<ValueFinding>,
}

/// A whole export, read.
#[derive(Clone, Debug)]
pub struct ParsedExport {
    pub encoding: FileEncoding,
    pub columns: ExportColumns,
    pub loops: Vec<ParsedLoop>,
}

/// Names in the `Agents` cell. It is comma-separated, which also splits "Last, First":
/// two neighbouring one-word pieces are taken as one such name.
pub fn agent_names(cell: &str) -> Vec<String> {
    let pieces: Vec<&str> = cell
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let one_word = |p: &str| !p.contains(char::is_whitespace);
        if one_word(pieces[i]) && pieces.get(i + 1).is_some_and(|next| one_word(next)) {
            names.push(format!("{} {}", pieces[i + 1], pieces[i]));
            i += 2;
        } else {
            names.push(pieces[i].to_owned());
            i += 1;
        }
    }
    names
}

fn read_loop(
    columns: &ExportColumns,
    lines: Vec<u64>,
    record: &StringRecord,
    mut findings: Vec<ValueFinding>,
) -> ParsedLoop {
    let mut fields = TransactionFields::default();
    let mut price_column = None;
    for &i in &columns.order {
        let raw = record.get(i).unwrap_or("");
        let header = &columns.headers[i];
        let finding = match columns.kinds[i] {
            Column::LoopView => {
                fields.loop_view_id = values::text(raw);
                None
            }
            Column::LoopId => {
                fields.loop_id = values::text(raw);
                None
            }
            Column::LoopName => {
                fields.name = raw.trim().to_owned();
                None
            }
            Column::LoopStatus => {
                fields.status = status_code(raw);
                None
            }
            Column::ComplianceStatus => {
                fields.compliance_status = values::text(raw);
                None
            }
            Column::Tags => {
                for tag in raw.split('|').map(str::trim).filter(|t| !t.is_empty()) {
                    if !fields.tags.iter().any(|t| t == tag) {
                        fields.tags.push(tag.to_owned());
                    }
                }
                None
            }
            Column::CreatedDate => match values::timestamp(raw) {
                Ok(moment) => {
                    fields.loop_created_at = moment;
                    None
                }
                Err(why) => Some(ValueFinding::unreadable(header, raw.trim(), why, "date")),
            },
            Column::SameAsDetail(key) | Column::Detail(key) => {
                key.slot.fill(&mut fields, header, raw)
            }
            Column::Price => {
                price_column = Some((header, raw));
                None
            }
            Column::Agents => {
                fields.participants = agent_names(raw)
                    .into_iter()
                    .map(|name| Participant {
                        name,
                        email: None,
                        role: None,
                    })
                    .collect();
                None
            }
            Column::Custom => {
                if let Some(value) = values::text(raw) {
                    let (section, field) = section_and_field(header);
                    fields.custom_fields.push(CustomField {
                        section: section.to_owned(),
                        field: field.to_owned(),
                        value,
                    });
                }
                None
            }
        };
        findings.extend(finding);
    }
    if let Some((header, raw)) = price_column {
        findings.extend(use_price_column(&mut fields, header, raw));
    }
    if fields.loop_view_id.is_none() {
        findings.push(ValueFinding::new(
            "missing_loop_view",
            "Loop View",
            "",
            "The row has no Loop View id, so it cannot be matched to a loop; it is not imported."
                .into(),
        ));
    }
    ParsedLoop {
        lines,
        fields,
        findings,
    }
}

/// The `Price` column counts only when nothing better gives a price and it is not 0.
fn use_price_column(
    fields: &mut TransactionFields,
    header: &str,
    raw: &str,
) -> Option<ValueFinding> {
    let mut from_column = TransactionFields::default();
    let finding = Slot::Money(|t| &mut t.sale_price).fill(&mut from_column, header, raw);
    let Some(price) = from_column.sale_price.filter(|p| !p.is_zero()) else {
        return finding;
    };
    match fields.price() {
        None => {
            fields.sale_price = Some(price);
            finding
        }
        Some(better) if better != price => Some(ValueFinding::new(
            "price_column_ignored",
            header,
            raw.trim(),
            format!(
                "Price says {price} but the loop's details say {better}; the details are used."
            ),
        )),
        Some(_) => None,
    }
}

/// File line numbers for a person to look up. The reader's own line count is off by
/// one after a CRLF header (it starts a record at the `\n` of the previous `\r\n`), so
/// lines are counted from the text, forward only, once over the whole file.
struct LineCounter<'a> {
    text: &'a [u8],
    counted_to: usize,
    newlines: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            counted_to: 0,
            newlines: 0,
        }
    }

    /// The 1-based line of the first character of the record starting at `byte`.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let from = self.counted_to.min(start);
        self.newlines += self.text[from..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.counted_to = start;
        self.newlines + 1
    }
}

/// Reads a whole export: decodes it, maps its header, merges duplicate loops and reads
/// every value. Fails only when the file as a whole is not an export.
pub fn parse_export(bytes: &[u8]) -> Result<ParsedExport, ImportRefused> {
    let (text, encoding) = decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let unreadable = |e: csv::Error| {
        ImportRefused::new(
            "invalid_csv",
            format!("The file cannot be read as CSV: {e}."),
        )
    };
    let headers = reader
        .headers()
        .map_err(unreadable)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let columns = ExportColumns::new(headers)?;
    let view = columns
        .index_of(|k| matches!(k, Column::LoopView))
        .unwrap_or(0);
    let mut raw_loops: Vec<RawLoop> = Vec::new();
    let mut by_view: HashMap<String, usize> = HashMap::new();
    let mut record = StringRecord::new();
    let mut lines = LineCounter::new(&text);
    while reader.read_record(&mut record).map_err(unreadable)? {
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if raw_loops.len() == MAX_EXPORT_ROWS {
            return Err(ImportRefused::new(
                "too_many_rows",
                format!(
                    "The file has more than {MAX_EXPORT_ROWS} loops; export a shorter date range."
                ),
            ));
        }
        let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
        let view_id = record.get(view).unwrap_or("").trim();
        match by_view.get(view_id).filter(|_| !view_id.is_empty()) {
            Some(&index) => raw_loops[index].absorb(&columns, line, &record),
            None => {
                if !view_id.is_empty() {
                    by_view.insert(view_id.to_owned(), raw_loops.len());
                }
                raw_loops.push(RawLoop {
                    lines: vec![line],
                    record: record.clone(),
                    findings: Vec::new(),
                });
            }
        }
    }
    let loops = raw_loops
        .into_iter()
        .map(|raw| read_loop(&columns, raw.lines, &raw.record, raw.findings))
        .collect();
    Ok(ParsedExport {
        encoding,
        columns,
        loops,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transactions::TransactionField;

    #[test]
    fn last_first_names_in_the_agents_cell_stay_whole() {
        assert_eq!(
            agent_names("Smith, John, Jane Doe"),
            vec!["John Smith", "Jane Doe"]
        );
        assert_eq!(
            agent_names("Jane Doe, Ann Lee"),
            vec!["Jane Doe", "Ann Lee"]
        );
        assert_eq!(agent_names(" "), Vec::<String>::new());
    }

    #[test]
    fn a_file_without_loop_view_is_refused() {
        let refused = parse_export(b"name,email\nA,a@b.c\n").unwrap_err();
        assert_eq!(refused.code, "not_a_dotloop_export");
    }

    /// Found by the fuzzer: with two "Loop View" columns, duplicate lines were matched on
    /// one and stored under the other, so importing the file again changed deals.
    #[test]
    fn a_repeated_column_is_refused_and_unnamed_ones_may_repeat() {
        let refused = parse_export(b"Loop View,Loop Name,Loop View\n1,A,2\n3,B,2\n").unwrap_err();
        assert_eq!(refused.code, "repeated_column");
        assert!(
            refused.message.contains("\"Loop View\""),
            "{}",
            refused.message
        );
        let refused = parse_export(b"Loop View,Deal / Side, Deal / Side \n1,a,b\n").unwrap_err();
        assert_eq!(refused.code, "repeated_column");
        let export = parse_export(b"Loop View,,Loop Name,\n1,,A,\n").unwrap();
        assert_eq!(export.loops.len(), 1);
    }

    #[test]
    fn a_zero_price_column_never_clears_or_beats_the_details() {
        let csv = "Loop View,Price,Financials / Purchase/Sale Price\n1,0,\n2,\"$250,000\",\n3,1,\"$300,000.00\"\n";
        let export = parse_export(csv.as_bytes()).unwrap();
        let price = |i: usize| export.loops[i].fields.sale_price.map(|p| p.to_string());
        assert_eq!(price(0), None);
        assert_eq!(price(1).as_deref(), Some("250000"));
        assert_eq!(price(2).as_deref(), Some("300000.00"));
        assert_eq!(export.loops[2].findings[0].code, "price_column_ignored");
        let only_price = parse_export(b"Loop View,Price\n1,0\n").unwrap();
        assert!(
            !only_price
                .columns
                .fields()
                .contains(&TransactionField::SalePrice)
        );
        assert!(
            export
                .columns
                .fields()
                .contains(&TransactionField::SalePrice)
        );
    }
}
