//! The lead CSV import: reading a file (`read_import`, which also normalises each row and
//! checks it makes a valid lead) and resolving agents (`check_rows`). The desktop's
//! offline import and the server's both run these on files users bring.

use brokerdesk_core::leads::csv::{COLUMNS, check_rows, read_import};
use brokerdesk_fuzz::{Target, fuzz};

fn run(input: &[u8]) {
    // The API receives the file as text; bytes that are not UTF-8 never reach the parser.
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    if let Ok(rows) = read_import(text) {
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        let checked = check_rows(rows, []);
        assert_eq!(checked.len(), lines.len(), "a row was lost");
    }
}

fn main() {
    fuzz(Target {
        name: "lead_csv",
        // The header's column names, and cells that test each column's parsing.
        tokens: COLUMNS
            .iter()
            .copied()
            .chain([
                ",",
                "\"",
                "\"\"",
                "\n",
                "\r\n",
                ";",
                "|",
                "+1 (415) 555-0101",
                "a@b.test",
                "qualified",
                "chatbot",
                "America/New_York",
                "1e400",
                "-1",
                "99999999999999999999",
                "0.5",
                "NaN",
                "\u{feff}",
                "é",
                "\u{0}",
            ])
            .collect(),
        run,
    });
}
