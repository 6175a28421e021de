//! The Dotloop CSV import: decoding the file (UTF-8 with or without a BOM, or
//! Windows-1252), reading an export whose columns and values are as messy as real ones,
//! and planning the import over what is stored. Besides never panicking, importing the
//! same file again must change nothing.

use std::collections::HashMap;

use brokerdesk_core::transactions::TransactionFields;
use brokerdesk_core::transactions::csv_import::parse_export;
use brokerdesk_core::transactions::preview::{RowAction, plan_import};
use brokerdesk_fuzz::{Target, fuzz};

fn run(input: &[u8]) {
    let Ok(export) = parse_export(input) else {
        return;
    };
    let first = plan_import(&export, |_| None);
    assert_eq!(first.preview.rows.len(), export.loops.len(), "a loop was lost");
    let stored: HashMap<&str, &TransactionFields> = first
        .writes
        .iter()
        .map(|write| (write.loop_view_id.as_str(), &write.fields))
        .collect();
    let again = plan_import(&export, |id| stored.get(id).copied());
    for row in &again.preview.rows {
        assert!(
            !matches!(row.action, RowAction::Create | RowAction::Update),
            "importing the same file again would change {row:?}"
        );
    }
}

fn main() {
    fuzz(Target {
        name: "dotloop_csv",
        // Column names, and the value shapes real exports mix.
        tokens: vec![
            "Loop View",
            "Loop Status",
            "Closing Date",
            "Agents",
            "Financials / Purchase/Sale Price",
            "Financials / Sale Commission Rate",
            "Property Address / MLS Number",
            "Custom / Field",
            ",",
            "\"",
            "\"\"",
            "\n",
            "\r\n",
            "$1,250.00",
            "(1,250.00)",
            "3%",
            "n/a",
            "TBD",
            "?",
            "-",
            "10/29/2025",
            "6/30/25",
            "March 05, 2017",
            "2025-10-30",
            "SOLD",
            "ARCHIVED",
            "Lee, Ann",
            "\u{feff}",
            "\u{e9}",
            "\u{0}",
            "<html>",
            "1e400",
            "99999999999999999999999999999",
        ],
        run,
    });
}
