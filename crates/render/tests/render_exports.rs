//! The PDF report, an agent statement and the CSV exports over the hand-worked Harbor
//! Realty book (tests/support): read back as a person would (poppler's pdftotext and
//! pdfinfo, a CSV parser), they carry the figures to the cent, the "as of" sync time
//! and page numbers, and formula-like names are neutralised. The PDF pages are saved
//! as target/screenshots/render-report-*.png and render-statement-*.png.

mod support;

use std::collections::HashMap;

use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::restrict_to_agent;
use brokerdesk_render::csv::{production_csv, statement_csv};
use brokerdesk_render::pdf::{StatementInput, agent_statement, production_report, statement_lines};
use support::files::read_pdf;
use support::{EVE_NAME, YEAR, harbor, synced_at, synthetic};

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_report_pdf_has_its_pages_figures_to_the_cent_and_the_sync_time() {
    let book = harbor();
    let figures = book.figures();
    let pipeline = book.pipeline();
    let pdf = production_report(&figures.input("Harbor Realty", synced_at(), &pipeline)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let read = read_pdf(&pdf, "render-report");
    // Key figures and the monthly chart; cumulative volume and pipeline; leaderboard
    // and cap progress; then the tables.
    assert_eq!(read.pages, 4, "pages: {:#?}", read.text);
    for (i, page) in read.text.iter().enumerate() {
        let page = squeeze(page);
        assert!(
            page.contains("Harbor Realty · Production report 2025"),
            "header on page {}",
            i + 1
        );
        assert!(
            page.contains("As of Dec 5, 2025 09:40 UTC"),
            "as-of on page {}",
            i + 1
        );
        assert!(
            page.contains(&format!("Page {} of 4", i + 1)),
            "page number on page {}",
            i + 1
        );
    }
    let all = squeeze(&read.text.join(" "));
    for figure in [
        "$39,500.25",    // GCI 2025
        "$22,500.00",    // GCI 2024
        "$12,250.07",    // company dollar 2025
        "$6,950.00",     // company dollar 2024
        "$27,250.18",    // agent net 2025
        "$1,650,000.00", // volume 2025
        "$7,500.25",     // Eve's GCI, to the cent
        "$5,150.18",     // Eve's net after her 5,250.18 split and the 100 fee
        "$30,000.00",    // the pending pipeline
        "+75.6%",        // GCI against last year
    ] {
        assert!(all.contains(figure), "{figure} missing from the report");
    }
    for words in [
        "Production by month",
        "Production by agent",
        "Cap progress",
        "Ann Archer",
        "Ben Brooks",
        EVE_NAME,
    ] {
        assert!(all.contains(words), "{words:?} missing");
    }
    // Chart text is real text in the PDF too.
    for chart_text in [
        "GCI and company dollar by month",
        "Company dollar 2024",
        "Pipeline by status",
        "Agent leaderboard",
    ] {
        assert!(all.contains(chart_text), "{chart_text:?} missing");
    }
}

#[test]
fn an_agent_statement_lists_each_deal_with_its_payout_trace() {
    let book = harbor();
    let ben = book.agent("Ben Brooks");
    let lines = restrict_to_agent(&book.lines, ben.id);
    let input = StatementInput {
        brokerage: "Harbor Realty",
        synced_at: synced_at(),
        agent: ben,
        period: Period::year(YEAR),
        lines: &lines,
        deal_names: &book.deal_names,
    };
    assert_eq!(
        statement_lines(&input).len(),
        2,
        "the double end and the November sale"
    );
    let read = read_pdf(&agent_statement(&input).unwrap(), "render-statement");
    assert_eq!(read.pages, 1);
    let text = squeeze(&read.text[0]);
    for expected in [
        "Commission statement: Ben Brooks",
        "As of Dec 5, 2025 09:40 UTC",
        "Page 1 of 1",
        "12 Harbor Way", // the double end
        "14 Harbor Way", // the November sale
        "Net $6,900.00",
        "Net $8,300.00",
        "$15,200.00", // agent net for the year
        "$22,000.00", // GCI for the year
        "deal GCI $20,000.00, allocation 50%",
        "Company split",
        "Transaction fee",
        "$100.00",
        "70%",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    assert!(
        !text.contains("10 Harbor Way"),
        "Ann's own deal is not on Ben's statement"
    );
    assert!(
        !text.contains("11 Harbor Way"),
        "2024's deal is outside the period"
    );
}

#[test]
fn csv_exports_neutralise_formulas_and_keep_money_exact() {
    let book = harbor();
    let figures = book.figures();
    let production = production_csv(&figures.by_agent);
    let mut reader = csv::Reader::from_reader(production.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let eve = rows
        .iter()
        .find(|r| r[1].contains("cmd"))
        .expect("Eve's row");
    assert_eq!(
        &eve[1],
        format!("'{EVE_NAME}"),
        "the formula is written as text"
    );
    assert_eq!(&eve[column("gci")], "7500.25");
    assert_eq!(&eve[column("agent_net")], "5150.18");
    let total = rows.last().unwrap();
    assert_eq!(&total[0], "total");
    assert_eq!(&total[column("gci")], "39500.25");
    assert_eq!(&total[column("company_dollar")], "12250.07");
    assert_eq!(&total[column("volume")], "1650000.00");

    let mut deals = book.deal_names.clone();
    let eve_deal = book
        .lines
        .iter()
        .find(|l| l.agent == book.agent(EVE_NAME).id)
        .unwrap()
        .deal_id;
    deals.insert(
        eve_deal,
        "=HYPERLINK(\"http://evil.example\",\"x\")".to_owned(),
    );
    let names: HashMap<_, _> = figures.names.clone();
    let lines = statement_csv(&book.lines, &names, &deals);
    let mut reader = csv::Reader::from_reader(lines.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), book.lines.len());
    let eve_row = rows.iter().find(|r| r[0] == eve_deal.to_string()).unwrap();
    assert!(eve_row[1].starts_with("'=HYPERLINK"), "{:?}", &eve_row[1]);
    assert!(eve_row[3].starts_with("'=cmd"));
    assert_eq!(&eve_row[11], "7500.25");
    assert_eq!(&eve_row[16], "5150.18");
    assert!(
        eve_row[21]
            .contains("Agent gross: splittable $7,500.25, company split $2,250.07 = $5,250.18"),
        "{}",
        &eve_row[21]
    );
}

#[test]
fn a_report_of_two_hundred_agents_runs_its_tables_over_pages() {
    let book = synthetic(200, 4_000);
    let figures = book.figures();
    assert_eq!(figures.by_agent.rows.len(), 200);
    let pipeline = book.pipeline();
    let pdf = production_report(&figures.input("Summit Homes", synced_at(), &pipeline)).unwrap();
    let read = read_pdf(&pdf, "render-report-200");
    // Three pages of key figures and charts, then the month table, the 200 agents and
    // the 200 agents' cap progress at 46 rows a page: 13 pages.
    assert_eq!(read.pages, 13, "pages");
    let last = squeeze(read.text.last().unwrap());
    assert!(last.contains("Page 13 of 13"));
    let all = squeeze(&read.text.join(" "));
    assert!(all.contains("Agent 199"), "the last agent is listed");
    assert!(all.contains(&brokerdesk_render::format::money(
        figures.by_agent.total.gci
    )));
}
