//! The production report as CSV, the same file whether the server or the desktop app
//! writes it. Every cell goes through [`SafeCsv`]: a group's label is a team or office
//! name someone typed, and `=HYPERLINK(…)` there must open as text.

use rust_decimal::Decimal;

use super::figures::ProductionFigures;
use super::production::ProductionReport;
use crate::csv_safety::SafeCsv;

const HEADER: [&str; 15] = [
    "Group",
    "Deals",
    "List sides",
    "Buy sides",
    "Double ends",
    "Volume",
    "GCI",
    "Adjusted GCI",
    "Agent gross",
    "Agent net",
    "Company dollar",
    "Average price",
    "Average commission per side",
    "Median days to close",
    "Pending expected GCI",
];

fn optional(value: Option<Decimal>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn cells(label: &str, f: &ProductionFigures) -> Vec<String> {
    vec![
        label.to_owned(),
        f.deal_count.to_string(),
        f.list_sides.to_string(),
        f.buy_sides.to_string(),
        f.double_ends.to_string(),
        f.volume.to_string(),
        f.gci.to_string(),
        f.adjusted_gci.to_string(),
        f.agent_gross.to_string(),
        f.agent_net.to_string(),
        f.company_dollar.to_string(),
        optional(f.average_price),
        optional(f.average_commission_per_side),
        optional(f.median_days_to_close),
        f.pending_expected_gci.to_string(),
    ]
}

/// One row per group, then the total.
pub fn production_csv(report: &ProductionReport) -> String {
    let mut csv = SafeCsv::new(&HEADER);
    for row in &report.rows {
        csv.row(&cells(&row.label, &row.figures));
    }
    csv.row(&cells("Total", &report.total));
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commissions::reports::Period;
    use crate::commissions::reports::production::{
        DateBasis, GroupBy, GroupKey, ProductionQuery, ProductionRow,
    };
    use rust_decimal::dec;

    #[test]
    fn labels_that_look_like_formulas_are_written_as_text() {
        let figures = ProductionFigures {
            gci: dec!(1234.50),
            deal_count: 2,
            ..Default::default()
        };
        let report = ProductionReport {
            query: ProductionQuery {
                period: Period::year(2026),
                group_by: GroupBy::Team,
                basis: DateBasis::Closed,
            },
            rows: vec![ProductionRow {
                key: GroupKey::Team(Some("=HYPERLINK(\"http://evil.test\")".into())),
                label: "=HYPERLINK(\"http://evil.test\")".into(),
                figures: figures.clone(),
            }],
            total: figures,
        };
        let csv = production_csv(&report);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("Group,Deals,"));
        assert!(lines[1].starts_with("\"'=HYPERLINK("), "{}", lines[1]);
        assert!(lines[2].starts_with("Total,2,"));
        assert!(lines[2].contains(",1234.50,"));
    }
}
