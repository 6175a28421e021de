//! The golden Dotloop export (tests/data/dotloop/export.csv), built from the patterns
//! real exports show: a UTF-8 byte-order mark, CRLF lines, a remark with a comma,
//! quotes and a line break, brokerage custom sections, money as `$667,900.00`,
//! `110000.0`, `.00` and `(1,250.00)`, percents with and without `%`, four date forms,
//! placeholders (`n/a`, `TBD`, `?`, `none`, `-`), a `Price` column of 0, a "Last,
//! First" agent, a dollar amount in the rate field, an ARCHIVED loop with and one
//! without a closing date, a loop on two lines, and a line without a loop view id.
//! Every value and every finding is checked.

use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::roster::{NewRosterAgent, RosterAgent};
use brokerdesk_core::transactions::agents::RosterIndex;
use brokerdesk_core::transactions::csv_file::FileEncoding;
use brokerdesk_core::transactions::csv_import::{ParsedLoop, parse_export};
use brokerdesk_core::transactions::health::{
    HealthCode, HealthContext, OpenLoopsByMls, agent_quality, loop_health, quality_score,
};
use brokerdesk_core::transactions::preview::{RowAction, by_loop_view, plan_import};
use brokerdesk_core::transactions::status::{StatusGroup, StatusMapping};
use brokerdesk_core::transactions::{
    CustomField, Participant, PropertyAddress, Transaction, TransactionFields,
};
use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;

const EXPORT: &[u8] = include_bytes!("data/dotloop/export.csv");
const EXPORT_1252: &[u8] = include_bytes!("data/dotloop/export-windows-1252.csv");

fn money(text: &str) -> Option<Decimal> {
    Some(text.parse().unwrap())
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn named(name: &str) -> Participant {
    Participant {
        name: name.into(),
        email: None,
        role: None,
    }
}

fn custom(section: &str, field: &str, value: &str) -> CustomField {
    CustomField {
        section: section.into(),
        field: field.into(),
        value: value.into(),
    }
}

/// (code, column, value) of each finding on a loop.
fn findings(parsed: &ParsedLoop) -> Vec<(&str, &str, &str)> {
    parsed
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.column.as_str(), f.value.as_str()))
        .collect()
}

#[test]
fn a_clean_closed_loop_parses_to_exact_values() {
    let export = parse_export(EXPORT).unwrap();
    assert_eq!(export.encoding, FileEncoding::Utf8WithBom);
    assert_eq!(
        export.loops.len(),
        7,
        "six loops (one on two lines) and a stray line"
    );
    let harbor = &export.loops[0];
    assert_eq!(harbor.lines, vec![2]);
    assert!(harbor.findings.is_empty(), "{:?}", harbor.findings);
    let expected = TransactionFields {
        loop_view_id: Some("34523401".into()),
        loop_id: Some("9001".into()),
        profile_id: None,
        name: "12 Harbor Rd, Portland".into(),
        status: Some("SOLD".into()),
        transaction_type: None,
        address: PropertyAddress {
            street_number: Some("12".into()),
            street_name: Some("Harbor Rd".into()),
            unit_number: Some("4".into()),
            city: Some("Portland".into()),
            state: Some("ME".into()),
            postal_code: Some("04101".into()),
            county: None,
            country: None,
        },
        mls_number: Some("ME-1001".into()),
        parcel_id: Some("0042-17".into()),
        sale_price: money("667900.00"),
        original_price: None,
        current_price: None,
        commission_rate: money("3"),
        commission_total: money("20037.00"),
        buy_side_split_percent: money("50"),
        sell_side_split_percent: money("50"),
        buy_side_split_amount: money("10018.50"),
        sell_side_split_amount: money("10018.50"),
        referral_percent: None,
        referral_source: None,
        earnest_money: money("5000"),
        contract_date: day(2025, 10, 1),
        offer_date: None,
        listing_date: None,
        expiration_date: None,
        // The detail (10/29/2025) wins over the top-level column (2025-10-30).
        closing_date: day(2025, 10, 29),
        paid_date: None,
        tags: vec!["Buyer".into(), "Referral".into()],
        compliance_status: Some("Approved".into()),
        loop_url: None,
        loop_created_at: Some(Utc.with_ymd_and_hms(2025, 8, 14, 0, 0, 0).unwrap()),
        loop_updated_at: None,
        participants: vec![named("Alice Agent")],
        custom_fields: vec![
            custom("", "Joined Date", "2025-08-14"),
            custom("", "Address", "12 Harbor Rd Portland ME 04101"),
            custom("", "Created By", "Alice Agent"),
            custom("", "Created By Admin", "No"),
            custom(
                "Property Address",
                "Full Address",
                "12 Harbor Rd, Unit 4, Portland, ME 04101",
            ),
            custom(
                "Listing Information",
                "Remarks",
                "Sunny, quiet street.\nSeller says \"as is\".",
            ),
            custom("Lead Source", "Lead Source", "Zillow"),
            custom(
                "Company Information",
                "office managing broker",
                "Mary Major",
            ),
        ],
    };
    assert_eq!(harbor.fields, expected);
    assert_eq!(harbor.fields.effective_paid_date(), day(2025, 10, 29));
}

#[test]
fn messy_values_are_read_or_left_empty_with_a_finding() {
    let export = parse_export(EXPORT).unwrap();
    let elm = &export.loops[1];
    assert_eq!(elm.fields.status.as_deref(), Some("ACTIVE_LISTING"));
    assert_eq!(
        elm.fields.participants,
        vec![named("Bob Broker")],
        "\"Broker, Bob\" is one name"
    );
    assert_eq!(elm.fields.address.postal_code.as_deref(), Some("02134"));
    assert_eq!(elm.fields.mls_number, None);
    assert_eq!(elm.fields.commission_rate, money("3"));
    assert_eq!(elm.fields.commission_total, None, "TBD is not 0");
    assert_eq!(elm.fields.earnest_money, money("0.00"));
    assert_eq!(elm.fields.current_price, money("599900"));
    assert_eq!(
        elm.fields.sale_price, None,
        "Price agrees with the current price; not a sale price"
    );
    assert_eq!(elm.fields.referral_percent, money("25"));
    assert_eq!(elm.fields.listing_date, day(2025, 9, 3));
    assert_eq!(elm.fields.expiration_date, day(2026, 3, 5));
    assert!(elm.fields.tags.is_empty());
    assert_eq!(
        findings(elm),
        vec![
            ("placeholder_value", "Property Address / MLS Number", "n/a"),
            (
                "placeholder_value",
                "Financials / Sale Commission Total",
                "TBD"
            ),
        ]
    );

    let ocean = &export.loops[2];
    assert_eq!(ocean.fields.status.as_deref(), Some("UNDER_CONTRACT"));
    assert_eq!(
        ocean.fields.commission_rate,
        money("300000"),
        "kept for loop health to flag"
    );
    assert_eq!(ocean.fields.sale_price, money("400000"));
    assert_eq!(ocean.fields.buy_side_split_amount, money("-1250.00"));
    assert_eq!(ocean.fields.sell_side_split_amount, money("11250.00"));
    assert_eq!(ocean.fields.offer_date, day(2025, 6, 30));
    assert_eq!(ocean.fields.contract_date, day(2025, 7, 2));
    assert_eq!(ocean.fields.closing_date, day(2025, 9, 15));
    assert_eq!(
        (
            ocean.fields.referral_percent,
            ocean.fields.referral_source.as_deref()
        ),
        (None, None)
    );
    assert_eq!(
        findings(ocean),
        vec![
            ("placeholder_value", "Referral / Referral %", "?"),
            ("placeholder_value", "Referral / Referral Source", "none"),
        ]
    );

    let mill = &export.loops[3];
    assert_eq!(mill.fields.status.as_deref(), Some("ARCHIVED"));
    assert_eq!(mill.fields.closing_date, day(2017, 3, 5));
    assert_eq!(mill.fields.sale_price, money("110000.0"));
    assert_eq!(mill.fields.commission_total, money("3300"));
    assert_eq!(
        findings(mill),
        vec![(
            "placeholder_value",
            "Financials / Sale Commission Rate",
            "?"
        )]
    );

    let lot = &export.loops[4];
    assert_eq!((lot.fields.closing_date, lot.fields.price()), (None, None));
    assert!(lot.fields.participants.is_empty());
    assert!(lot.findings.is_empty());
}

#[test]
fn duplicate_lines_merge_and_a_stray_line_is_invalid() {
    let export = parse_export(EXPORT).unwrap();
    let bay = &export.loops[5];
    assert_eq!(bay.lines, vec![8, 10]);
    assert_eq!(
        bay.fields.participants,
        vec![named("Alice Agent"), named("Bob Broker")]
    );
    assert_eq!(
        bay.fields.tags,
        vec!["Hot".to_owned(), "Waterfront".to_owned()]
    );
    assert_eq!(
        bay.fields.compliance_status.as_deref(),
        Some("Needs Review"),
        "the later line wins"
    );
    assert_eq!(
        bay.fields.address.street_name.as_deref(),
        Some("Bay St"),
        "kept from the first line"
    );
    assert_eq!(bay.fields.current_price, money("450000"));
    assert_eq!(
        findings(bay),
        vec![
            ("conflicting_duplicate", "Compliance Status", "Needs Review"),
            ("placeholder_value", "Price", "-"),
        ]
    );
    let stray = &export.loops[6];
    assert_eq!(stray.lines, vec![9]);
    assert_eq!(stray.fields.loop_view_id, None);
    assert_eq!(
        findings(stray),
        vec![("missing_loop_view", "Loop View", "")]
    );
}

#[test]
fn the_preview_creates_then_leaves_everything_unchanged() {
    let export = parse_export(EXPORT).unwrap();
    let first = plan_import(&export, |_| None);
    let preview = &first.preview;
    assert_eq!(
        (
            preview.created,
            preview.updated,
            preview.unchanged,
            preview.invalid
        ),
        (6, 0, 0, 1)
    );
    assert_eq!(preview.merged_duplicate_lines, 1);
    assert_eq!(preview.findings, 8);
    assert_eq!(preview.notices.len(), 1);
    assert!(preview.notices[0].starts_with("1 duplicate line(s) repeated 1 loop(s)"));
    assert_eq!(preview.rows[6].action, RowAction::Invalid);
    let stored: Vec<Transaction> = first
        .writes
        .iter()
        .map(|w| Transaction {
            id: brokerdesk_core::ids::TransactionId::new(),
            fields: w.fields.clone(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        })
        .collect();
    let index = by_loop_view(&stored);
    let again = plan_import(&parse_export(EXPORT).unwrap(), |id| index.get(id).copied());
    assert_eq!(
        (
            again.preview.created,
            again.preview.updated,
            again.preview.unchanged
        ),
        (0, 0, 6)
    );
    assert!(again.writes.is_empty());
}

#[test]
fn windows_1252_is_converted_and_the_preview_says_so() {
    let export = parse_export(EXPORT_1252).unwrap();
    assert_eq!(export.encoding, FileEncoding::Windows1252);
    let cafe = &export.loops[0].fields;
    assert_eq!(cafe.name, "Café Núñez – 3½ Rue d’Été");
    assert_eq!(cafe.participants, vec![named("José Álvarez")]);
    assert_eq!(cafe.sale_price, money("325000.00"));
    assert_eq!(
        cafe.custom_fields,
        vec![custom("Lead Source", "Lead Source", "Référence")]
    );
    let preview = plan_import(&export, |_| None).preview;
    assert!(
        preview.notices[0].contains("Windows-1252"),
        "{:?}",
        preview.notices
    );
}

fn roster_agent(name: &str, email: &str) -> RosterAgent {
    let new = NewRosterAgent {
        name: name.into(),
        email: email.into(),
        member_id: None,
        office: None,
        team: None,
        anniversary: None,
    };
    new.into_agent(RosterAgentId::new(), Utc::now()).unwrap()
}

#[test]
fn loop_health_findings_and_scores() {
    use HealthCode::*;
    let export = parse_export(EXPORT).unwrap();
    let deals: Vec<&TransactionFields> = export.loops[..6].iter().map(|l| &l.fields).collect();
    let today = NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
    let mapping = StatusMapping::default();
    let alice = roster_agent("Alice Agent", "alice@acme.test");
    let bob = roster_agent("Bob Broker", "bob@acme.test");
    let roster = RosterIndex::new(&[alice.clone(), bob.clone()]);
    let open_by_mls = OpenLoopsByMls::new(deals.iter().copied(), &mapping, today);
    let context = HealthContext {
        today,
        mapping: &mapping,
        roster: &roster,
        open_by_mls: &open_by_mls,
    };
    let groups: Vec<StatusGroup> = deals
        .iter()
        .map(|d| mapping.group(d.status.as_deref(), d.closing_date, today))
        .collect();
    use StatusGroup::*;
    assert_eq!(
        groups,
        vec![Closed, Active, Pending, Closed, Cancelled, Active]
    );
    let codes: Vec<Vec<HealthCode>> = deals
        .iter()
        .map(|d| {
            loop_health(d, &context)
                .into_iter()
                .map(|f| f.code)
                .collect()
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            vec![],
            vec![ReferralWithoutSource, MissingMlsNumber],
            vec![
                StalePending,
                DollarAmountInRate,
                NoAgentMatched,
                DuplicateMlsNumber
            ],
            vec![],
            vec![PriceMissing, NoAgentMatched],
            vec![DuplicateMlsNumber],
        ]
    );
    let ocean = loop_health(deals[2], &context);
    assert_eq!(
        ocean[1].fields,
        vec![brokerdesk_core::transactions::TransactionField::CommissionRate]
    );
    assert!(
        ocean[2].message.contains("Olga Outside"),
        "{}",
        ocean[2].message
    );
    assert!(
        ocean[3].message.contains("ME-2002 is on 2 open loops"),
        "{}",
        ocean[3].message
    );
    let scores: Vec<u8> = deals
        .iter()
        .map(|d| quality_score(&loop_health(d, &context)))
        .collect();
    assert_eq!(scores, vec![100, 85, 35, 100, 60, 90]);
    let matched: Vec<Vec<RosterAgentId>> = deals
        .iter()
        .map(|d| roster.match_agents(d).agent_ids().collect())
        .collect();
    let per_agent = agent_quality(
        matched
            .iter()
            .map(Vec::as_slice)
            .zip(scores.iter().copied()),
    );
    let find = |id| per_agent.iter().find(|q| q.agent_id == id).unwrap();
    assert_eq!((find(alice.id).score, find(alice.id).transactions), (96, 3));
    assert_eq!((find(bob.id).score, find(bob.id).transactions), (87, 2));
}
