//! Lines of an export that repeat a loop view id, merged into one loop before any value
//! is read, so a loop is previewed, and written, once.

use csv::StringRecord;

use super::csv_columns::ExportColumns;
use super::details::ValueFinding;

/// Lines of one loop seen so far, merged cell by cell: a later line fills what earlier
/// ones left empty, agents and tags are combined, and a real disagreement is kept as a
/// finding (the later line wins, as Dotloop lists newer data last).
pub(super) struct RawLoop {
    pub lines: Vec<u64>,
    pub record: StringRecord,
    pub findings: Vec<ValueFinding>,
}

impl RawLoop {
    pub fn absorb(&mut self, columns: &ExportColumns, line: u64, other: &StringRecord) {
        self.lines.push(line);
        let width = self.record.len().max(other.len());
        let mut merged = Vec::with_capacity(width);
        for i in 0..width {
            let (mine, theirs) = (
                self.record.get(i).unwrap_or("").trim(),
                other.get(i).unwrap_or("").trim(),
            );
            let cell = if mine.is_empty() || mine == theirs {
                theirs.to_owned()
            } else if theirs.is_empty() {
                mine.to_owned()
            } else {
                match columns.list_separator(i) {
                    Some(separator) => format!("{mine}{separator}{theirs}"),
                    None => {
                        let header = columns.header(i);
                        self.findings.push(ValueFinding::new(
                            "conflicting_duplicate",
                            header,
                            theirs,
                            format!("Lines {:?} of this loop disagree on {header}: {mine:?} and {theirs:?}; the later line's value is used.", self.lines),
                        ));
                        theirs.to_owned()
                    }
                }
            };
            merged.push(cell);
        }
        self.record = StringRecord::from(merged);
    }
}
