//! Leads as CSV: reading an import row by row, each with its own errors, and writing an
//! export. Shared by the server (import, export) and the CLI (offline export), so a file
//! exported from either imports into either.
//!
//! Lists (emails, phones, tags, areas) are written in one cell, separated by `;`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::collections::HashMap;

use crate::csv_safety::restore;
use crate::identity::{UserStatus, UserSummary};
use crate::ids::{LeadId, UserId};
use crate::leads::{Lead, LeadChanges, LeadPreferences};
use crate::role::Role;

mod export;
pub use export::write_export;

/// Import rows beyond this are refused as a whole: split the file.
pub const MAX_IMPORT_ROWS: usize = 10_000;

/// The export's columns, in order. An import reads the same names (any order, unknown
/// columns refused); `id`, `createdAt` and `updatedAt` are ignored on import, and
/// `assignedAgent` takes a member's email there.
pub const COLUMNS: &[&str] = &[
    "id",
    "name",
    "emails",
    "phones",
    "source",
    "sourceDetail",
    "stage",
    "assignedAgent",
    "budgetMin",
    "budgetMax",
    "areas",
    "propertyType",
    "beds",
    "baths",
    "timeframe",
    "tags",
    "notes",
    "timeZone",
    "createdAt",
    "updatedAt",
];
const IGNORED_ON_IMPORT: &[&str] = &["id", "createdAt", "updatedAt"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// The column at fault, when one is.
    pub column: Option<String>,
    pub code: String,
    pub message: String,
}

/// An import file, previewed or applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportRequest {
    pub csv: String,
    /// Applying a file with bad rows is refused unless the user chose to import only the
    /// valid ones; bad rows are never dropped silently.
    #[serde(default)]
    pub skip_invalid_rows: bool,
}

/// A row's verdict in a preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportRowReport {
    #[ts(type = "number")]
    pub line: u64,
    pub name: String,
    pub valid: bool,
    pub errors: Vec<RowError>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub rows: Vec<ImportRowReport>,
    pub valid_rows: u32,
    pub invalid_rows: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub lead_ids: Vec<LeadId>,
    /// Lines of rows that were not imported because they are invalid.
    #[ts(type = "Array<number>")]
    pub skipped_lines: Vec<u64>,
}

/// One data row of an import: what it would create, or why it cannot.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    /// 1-based line in the file, counting the header as line 1.
    pub line: u64,
    pub changes: LeadChanges,
    /// The member the lead goes to, by email; the server resolves it.
    pub agent_email: Option<String>,
    pub errors: Vec<RowError>,
}

/// Why a file cannot be read at all (as opposed to a bad row).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CsvUnreadable {
    pub code: &'static str,
    pub message: String,
}

fn unreadable(code: &'static str, message: impl Into<String>) -> CsvUnreadable {
    CsvUnreadable {
        code,
        message: message.into(),
    }
}

fn list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

fn optional(cell: &str) -> Option<String> {
    Some(cell.trim().to_owned()).filter(|v| !v.is_empty())
}

struct RowReader<'a> {
    errors: Vec<RowError>,
    cells: Vec<(&'a str, &'a str)>,
}

impl<'a> RowReader<'a> {
    fn cell(&self, column: &str) -> &'a str {
        self.cells
            .iter()
            .find(|(c, _)| *c == column)
            .map_or("", |(_, v)| v)
    }

    /// Parses a non-empty cell, noting an error against the column when it fails.
    fn parsed<T: std::str::FromStr>(&mut self, column: &str) -> Option<T> {
        let raw = optional(self.cell(column))?;
        match raw.parse() {
            Ok(value) => Some(value),
            Err(_) => {
                self.errors.push(RowError {
                    column: Some(column.to_owned()),
                    code: "invalid_cell".into(),
                    message: format!("{raw:?} is not a valid {column}."),
                });
                None
            }
        }
    }
}

/// Reads an import file. The file as a whole fails only when it cannot be read as CSV
/// with a known header; every row after that gets its own verdict.
pub fn read_import(csv_text: &str) -> Result<Vec<ImportRow>, CsvUnreadable> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| unreadable("invalid_csv", format!("The file is not CSV: {e}.")))?
        .iter()
        .map(str::to_owned)
        .collect();
    if let Some(unknown) = header.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(unreadable(
            "invalid_csv_header",
            format!(
                "Unknown column {unknown:?}. Columns are: {}.",
                COLUMNS.join(", ")
            ),
        ));
    }
    if !header.iter().any(|h| h == "name") {
        return Err(unreadable(
            "invalid_csv_header",
            "The file needs a name column.",
        ));
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        if rows.len() == MAX_IMPORT_ROWS {
            return Err(unreadable(
                "import_too_large",
                format!("Import at most {MAX_IMPORT_ROWS} rows at a time."),
            ));
        }
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                rows.push(ImportRow {
                    line,
                    changes: LeadChanges::default(),
                    agent_email: None,
                    errors: vec![RowError {
                        column: None,
                        code: "invalid_row".into(),
                        message: format!("The row cannot be read: {e}."),
                    }],
                });
                continue;
            }
        };
        rows.push(read_row(line, &header, &record));
    }
    Ok(rows)
}

fn read_row(line: u64, header: &[String], record: &csv::StringRecord) -> ImportRow {
    let cells: Vec<(&str, &str)> = header
        .iter()
        .map(String::as_str)
        .zip(record.iter().map(restore))
        .filter(|(column, _)| !IGNORED_ON_IMPORT.contains(column))
        .collect();
    let mut row = RowReader {
        errors: Vec::new(),
        cells,
    };
    let preferences = LeadPreferences {
        areas: list(row.cell("areas")),
        property_type: optional(row.cell("propertyType")),
        beds: row.parsed("beds"),
        baths: row.parsed("baths"),
        timeframe: optional(row.cell("timeframe")),
    };
    let changes = LeadChanges {
        name: Some(row.cell("name").to_owned()),
        emails: Some(list(row.cell("emails"))),
        phones: Some(list(row.cell("phones"))),
        source: Some(
            row.parsed("source")
                .unwrap_or(crate::leads::LeadSource::Import),
        ),
        source_detail: Some(optional(row.cell("sourceDetail"))),
        stage: row.parsed("stage"),
        assigned_agent: None,
        budget_min: Some(row.parsed("budgetMin")),
        budget_max: Some(row.parsed("budgetMax")),
        preferences: Some(preferences),
        tags: Some(list(row.cell("tags"))),
        notes: Some(row.cell("notes").to_owned()),
        time_zone: Some(optional(row.cell("timeZone"))),
    };
    let agent_email = optional(row.cell("assignedAgent")).map(|e| e.to_lowercase());
    let mut errors = row.errors;
    let changes = match changes
        .normalised()
        .and_then(|c| Lead::create(LeadId::new(), &c, chrono::Utc::now()).map(|_| c))
    {
        Ok(changes) => changes,
        Err(invalid) => {
            errors.push(RowError {
                column: None,
                code: invalid.code.to_owned(),
                message: invalid.message,
            });
            LeadChanges::default()
        }
    };
    ImportRow {
        line,
        changes,
        agent_email,
        errors,
    }
}

/// An import row with its assigned agent resolved to a member.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedRow {
    pub row: ImportRow,
    pub agent: Option<UserId>,
}

impl CheckedRow {
    pub fn is_valid(&self) -> bool {
        self.row.errors.is_empty()
    }

    /// The lead this row creates.
    pub fn into_changes(self) -> LeadChanges {
        let mut changes = self.row.changes;
        if let Some(agent) = self.agent {
            changes.assigned_agent = Some(Some(agent));
        }
        changes
    }
}

/// Resolves each row's `assignedAgent` email to one of `members` who can work leads
/// (active, not a viewer); an email that names nobody such is an error on the row. The
/// server and the desktop's offline import both check rows this way.
pub fn check_rows(
    rows: Vec<ImportRow>,
    members: impl IntoIterator<Item = UserSummary>,
) -> Vec<CheckedRow> {
    let agents: HashMap<String, UserId> = members
        .into_iter()
        .filter(|u| u.status == UserStatus::Active && u.role != Role::Viewer)
        .map(|u| (u.email.to_lowercase(), u.id))
        .collect();
    rows.into_iter()
        .map(|mut row| {
            let agent = row.agent_email.as_deref().and_then(|email| {
                let found = agents.get(email).copied();
                if found.is_none() {
                    row.errors.push(RowError {
                        column: Some("assignedAgent".into()),
                        code: "invalid_lead_agent".into(),
                        message: format!("{email} is not an active member who can work leads."),
                    });
                }
                found
            });
            CheckedRow { row, agent }
        })
        .collect()
}

/// What a preview shows of checked rows: each row's verdict, and the counts.
pub fn preview(rows: &[CheckedRow]) -> ImportPreview {
    let rows: Vec<ImportRowReport> = rows
        .iter()
        .map(|checked| ImportRowReport {
            line: checked.row.line,
            name: checked.row.changes.name.clone().unwrap_or_default(),
            valid: checked.is_valid(),
            errors: checked.row.errors.clone(),
        })
        .collect();
    let valid_rows = rows.iter().filter(|r| r.valid).count() as u32;
    ImportPreview {
        invalid_rows: rows.len() as u32 - valid_rows,
        valid_rows,
        rows,
    }
}

/// The lines of the rows an import leaves out because they are invalid.
pub fn invalid_lines(rows: &[CheckedRow]) -> Vec<u64> {
    rows.iter()
        .filter(|r| !r.is_valid())
        .map(|r| r.row.line)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leads::LeadStage;

    #[test]
    fn each_row_gets_its_own_verdict() {
        let file = "name,emails,phones,stage,budgetMin,budgetMax,beds,tags,assignedAgent\n\
                    Ann Lee,ANN@lee.test; ann@lee.test,(415) 555-2671,qualified,400000,500000,3,vip; buyer,Agent@Acme.test\n\
                    ,nobody@x.test,,,,,,,\n\
                    Bob Roe,bob@roe,,,,,,,\n\
                    Cy Poe,,,won,abc,,many,,\n\
                    Di Ray,,,,600000,500000,,,\n";
        let rows = read_import(file).unwrap();
        assert_eq!(rows.len(), 5);
        let ann = &rows[0];
        assert!(ann.errors.is_empty(), "{:?}", ann.errors);
        assert_eq!(ann.line, 2);
        assert_eq!(
            ann.changes.emails.as_deref(),
            Some(&["ann@lee.test".to_owned()][..])
        );
        assert_eq!(
            ann.changes.phones.as_deref(),
            Some(&["+14155552671".to_owned()][..])
        );
        assert_eq!(ann.changes.stage, Some(LeadStage::Qualified));
        assert_eq!(ann.agent_email.as_deref(), Some("agent@acme.test"));
        let codes =
            |i: usize| -> Vec<String> { rows[i].errors.iter().map(|e| e.code.clone()).collect() };
        assert_eq!(codes(1), ["invalid_lead_name"]);
        assert_eq!(codes(2), ["invalid_lead_email"]);
        let cy: Vec<_> = rows[3]
            .errors
            .iter()
            .filter_map(|e| e.column.clone())
            .collect();
        assert_eq!(cy, ["beds", "stage", "budgetMin"]);
        assert_eq!(codes(4), ["invalid_lead_budget"]);
    }

    #[test]
    fn files_that_are_not_lead_csv_are_refused_whole() {
        assert_eq!(
            read_import("nom,email\nx,y\n").unwrap_err().code,
            "invalid_csv_header"
        );
        assert_eq!(
            read_import("emails\nx@y.test\n").unwrap_err().code,
            "invalid_csv_header"
        );
        let ragged = read_import("name,notes\nAnn\n").unwrap();
        assert_eq!(ragged[0].errors[0].code, "invalid_row");
    }

    #[test]
    fn an_export_imports_back_to_the_same_leads() {
        let file = "name,emails,phones,stage,budgetMin,areas,tags,notes,timeZone\n\
                    \"Lee, Ann\",ann@lee.test,+14155552671,nurture,400000.50,Noe Valley; Mission,vip,\"Said \"\"call after 5\"\"\",America/Denver\n";
        let row = &read_import(file).unwrap()[0];
        let lead = Lead::create(LeadId::new(), &row.changes, chrono::Utc::now()).unwrap();
        let exported = write_export([&lead], |_| String::new());
        let again = &read_import(&exported).unwrap()[0];
        assert!(again.errors.is_empty(), "{:?}", again.errors);
        let relead = Lead::create(lead.id, &again.changes, lead.created_at).unwrap();
        assert_eq!(relead, lead);
    }

    #[test]
    fn a_formula_in_a_lead_is_text_in_the_export_and_the_same_after_import() {
        let file = "name,phones,notes\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",+1 415 555 2671,@SUM(1+1)\n";
        let row = &read_import(file).unwrap()[0];
        let lead = Lead::create(LeadId::new(), &row.changes, chrono::Utc::now()).unwrap();
        assert_eq!(lead.name, "=HYPERLINK(\"http://evil.example\",\"x\")");
        let exported = write_export([&lead], |_| String::new());
        assert!(exported.contains("\"'=HYPERLINK("), "{exported}");
        assert!(exported.contains(",'@SUM(1+1),"), "{exported}");
        assert!(exported.contains(",+14155552671,"), "{exported}");
        let again = &read_import(&exported).unwrap()[0];
        let relead = Lead::create(lead.id, &again.changes, lead.created_at).unwrap();
        assert_eq!(relead, lead);
    }
}
