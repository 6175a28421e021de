//! What an import will do, row by row, before it does it: create, update (which
//! fields) or leave unchanged, with every finding. The same plan is what the apply step
//! writes, so the preview cannot promise one thing and the import do another. Loops are
//! keyed on the loop view id, so importing the same file twice changes nothing.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

use super::csv_file::FileEncoding;
use super::csv_import::{ExportColumns, ParsedExport, ParsedLoop};
use super::details::ValueFinding;
use super::record::{Transaction, TransactionField, TransactionFields};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    Create,
    Update,
    Unchanged,
    /// Not imported: the row has no loop view id.
    Invalid,
}

/// One loop of the file in the preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    /// The file lines the loop came from: more than one when duplicates were merged.
    #[ts(type = "Array<number>")]
    pub lines: Vec<u64>,
    pub loop_view_id: Option<String>,
    pub name: String,
    pub action: RowAction,
    /// For an update, the fields that change.
    pub changed_fields: Vec<TransactionField>,
    pub findings: Vec<ValueFinding>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
// The leads' import has an `ImportPreview` of its own in the UI's bindings.
#[ts(rename = "DotloopImportPreview")]
pub struct ImportPreview {
    pub encoding: FileEncoding,
    /// What the user should know about the file as a whole, in words.
    pub notices: Vec<String>,
    pub rows: Vec<PreviewRow>,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub invalid: u32,
    /// Lines that repeated a loop already in the file and were merged into it.
    pub merged_duplicate_lines: u32,
    pub findings: u32,
}

/// A write the import will make.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedWrite {
    pub loop_view_id: String,
    pub action: RowAction,
    /// The transaction as it will be stored.
    pub fields: TransactionFields,
}

/// The preview, and the writes it describes (creates and updates only).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPlan {
    pub preview: ImportPreview,
    pub writes: Vec<PlannedWrite>,
}

/// Existing transactions by loop view id.
pub fn by_loop_view(transactions: &[Transaction]) -> HashMap<&str, &TransactionFields> {
    transactions
        .iter()
        .filter_map(|t| Some((t.fields.loop_view_id.as_deref()?, &t.fields)))
        .collect()
}

/// True when participants came from an export (names only). Such a list never
/// replaces one that carries roles or emails (from the API or entered by hand).
fn names_only(participants: &[crate::transactions::Participant]) -> bool {
    participants
        .iter()
        .all(|p| p.email.is_none() && p.role.is_none())
}

/// The transaction after importing `incoming` over `existing`: fields the export has
/// columns for are taken from it (an empty cell clears), the rest are kept; custom
/// fields are replaced per key, so values from other sources survive.
pub fn merged(
    existing: &TransactionFields,
    incoming: &TransactionFields,
    columns: &[TransactionField],
    custom_keys: &[(&str, &str)],
) -> TransactionFields {
    let mut result = existing.clone();
    for &field in columns {
        if field == TransactionField::Participants
            && names_only(&incoming.participants)
            && !names_only(&existing.participants)
        {
            continue;
        }
        result.copy_field(incoming, field);
    }
    if !columns.contains(&TransactionField::SalePrice) && incoming.sale_price.is_some() {
        result.sale_price = incoming.sale_price;
    }
    result
        .custom_fields
        .retain(|c| !custom_keys.contains(&(c.section.as_str(), c.field.as_str())));
    result
        .custom_fields
        .extend(incoming.custom_fields.iter().cloned());
    result
}

fn plan_row(
    parsed: &ParsedLoop,
    existing: Option<&TransactionFields>,
    columns: &[TransactionField],
    custom_keys: &[(&str, &str)],
) -> (PreviewRow, Option<PlannedWrite>) {
    let incoming = &parsed.fields;
    let (action, changed_fields, write) = match (&incoming.loop_view_id, existing) {
        (None, _) => (RowAction::Invalid, Vec::new(), None),
        (Some(_), None) => (RowAction::Create, Vec::new(), Some(incoming.clone())),
        (Some(_), Some(existing)) => {
            let after = merged(existing, incoming, columns, custom_keys);
            let changed = existing.differing_fields(&after);
            if changed.is_empty() {
                (RowAction::Unchanged, changed, None)
            } else {
                (RowAction::Update, changed, Some(after))
            }
        }
    };
    let row = PreviewRow {
        lines: parsed.lines.clone(),
        loop_view_id: incoming.loop_view_id.clone(),
        name: incoming.name.clone(),
        action,
        changed_fields,
        findings: parsed.findings.clone(),
    };
    let write = write
        .zip(incoming.loop_view_id.clone())
        .map(|(fields, loop_view_id)| PlannedWrite {
            loop_view_id,
            action,
            fields,
        });
    (row, write)
}

fn notices(encoding: FileEncoding, merged_lines: u32, merged_loops: usize) -> Vec<String> {
    let mut notices = Vec::new();
    if encoding == FileEncoding::Windows1252 {
        notices.push("The file is not UTF-8; it was read as Windows-1252 (as Excel saves CSV on Windows) and converted. Check names with accents.".to_owned());
    }
    if merged_lines > 0 {
        notices.push(format!(
            "{merged_lines} duplicate line(s) repeated {merged_loops} loop(s) already in the file and were merged into them."
        ));
    }
    notices
}

/// Plans an import of `export` over the transactions `existing` finds by loop view id.
pub fn plan_import<'a>(
    export: &ParsedExport,
    existing: impl Fn(&str) -> Option<&'a TransactionFields>,
) -> ImportPlan {
    let columns = export.columns.fields();
    let custom_keys: Vec<(&str, &str)> = ExportColumns::custom_keys(&export.columns).collect();
    let mut preview = ImportPreview {
        encoding: export.encoding,
        notices: Vec::new(),
        rows: Vec::with_capacity(export.loops.len()),
        created: 0,
        updated: 0,
        unchanged: 0,
        invalid: 0,
        merged_duplicate_lines: 0,
        findings: 0,
    };
    let mut writes = Vec::new();
    let mut merged_loops = 0;
    for parsed in &export.loops {
        let found = parsed.fields.loop_view_id.as_deref().and_then(&existing);
        let (row, write) = plan_row(parsed, found, &columns, &custom_keys);
        match row.action {
            RowAction::Create => preview.created += 1,
            RowAction::Update => preview.updated += 1,
            RowAction::Unchanged => preview.unchanged += 1,
            RowAction::Invalid => preview.invalid += 1,
        }
        if row.lines.len() > 1 {
            merged_loops += 1;
            preview.merged_duplicate_lines += row.lines.len() as u32 - 1;
        }
        preview.findings += row.findings.len() as u32;
        preview.rows.push(row);
        writes.extend(write);
    }
    preview.notices = notices(
        export.encoding,
        preview.merged_duplicate_lines,
        merged_loops,
    );
    ImportPlan { preview, writes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TransactionId;
    use crate::transactions::csv_import::parse_export;
    use crate::transactions::{CustomField, Participant};
    use chrono::Utc;

    const FILE: &str = "Loop View,Loop Name,Loop Status,Agents,Financials / Purchase/Sale Price,Lead Source / Lead Source\n\
        101,12 Harbor Rd,Sold,Alice Agent,\"$500,000\",Zillow\n\
        102,9 Elm St,Active Listing,,,\n\
        101,12 Harbor Rd,Sold,Bob Broker,,\n\
        ,No id,Sold,,,\n";

    fn stored(fields: TransactionFields) -> Transaction {
        Transaction {
            id: TransactionId::new(),
            fields,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    #[test]
    fn the_same_file_twice_changes_nothing() {
        let export = parse_export(FILE.as_bytes()).unwrap();
        let first = plan_import(&export, |_| None);
        assert_eq!((first.preview.created, first.preview.invalid), (2, 1));
        assert_eq!(first.preview.merged_duplicate_lines, 1);
        assert!(
            first.preview.notices[0].contains("merged"),
            "{:?}",
            first.preview.notices
        );
        assert_eq!(first.preview.rows[0].lines, vec![2, 4]);
        let harbor = &first.writes[0].fields;
        let names: Vec<&str> = harbor
            .participants
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["Alice Agent", "Bob Broker"], "agents of both lines");
        let store: Vec<Transaction> = first
            .writes
            .iter()
            .map(|w| stored(w.fields.clone()))
            .collect();
        let index = by_loop_view(&store);
        let second = plan_import(&export, |id| index.get(id).copied());
        assert_eq!((second.preview.created, second.preview.updated), (0, 0));
        assert_eq!(second.preview.unchanged, 2);
        assert!(second.writes.is_empty());
    }

    #[test]
    fn an_update_names_its_fields_and_keeps_what_the_file_lacks() {
        let export = parse_export(FILE.as_bytes()).unwrap();
        let api_agent = Participant {
            name: "Alice Agent".into(),
            email: Some("alice@acme.test".into()),
            role: Some("LISTING_AGENT".into()),
        };
        let existing = TransactionFields {
            loop_view_id: Some("101".into()),
            name: "12 Harbor Rd".into(),
            status: Some("UNDER_CONTRACT".into()),
            sale_price: Some("500000".parse().unwrap()),
            mls_number: Some("ME-1001".into()),
            participants: vec![api_agent.clone()],
            custom_fields: vec![CustomField {
                section: "Property".into(),
                field: "Bedrooms".into(),
                value: "3".into(),
            }],
            ..Default::default()
        };
        let plan = plan_import(&export, |id| (id == "101").then_some(&existing));
        let row = &plan.preview.rows[0];
        assert_eq!(row.action, RowAction::Update);
        assert_eq!(
            row.changed_fields,
            vec![TransactionField::Status, TransactionField::CustomFields]
        );
        let after = &plan.writes[0].fields;
        assert_eq!(
            after.mls_number.as_deref(),
            Some("ME-1001"),
            "no MLS column: kept"
        );
        assert_eq!(
            after.participants,
            vec![api_agent],
            "API participants are not replaced by names"
        );
        assert_eq!(
            after.custom_fields.len(),
            2,
            "custom values from elsewhere stay"
        );
    }
}
