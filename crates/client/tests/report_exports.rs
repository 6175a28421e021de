//! The Reports page's Rust half against a real server and a real SQLCipher cache: the
//! figures, charts, drill-down and exports computed offline for each member's scope (an
//! agent sees only their own lines), and an offline export reaching the audit trail at
//! the next sync, refused when it carries anything but an export.

mod support;

use brokerdesk_client::commissions::charts::ChartSvg;
use brokerdesk_client::commissions::drill::{DrillLine, TraceRow};
use brokerdesk_client::commissions::export::ExportedReport;
use brokerdesk_client::commissions::view::{CapCard, FigureRow, UnpaidView};
use brokerdesk_client::overview::{DealLink, DealList, GciToDate, Overview, SourceCount};
use brokerdesk_core::bindings_check::{check_or_update, render};
use brokerdesk_core::commissions::plan::{
    CapYear, FeeAmount, FeePayee, FranchiseFee, PostSplitFee, Split, TeamMember, TeamSplit, Tier,
    TierBasis,
};
use brokerdesk_core::commissions::reports::figures::ProductionFigures;
use brokerdesk_core::commissions::simulate::{
    AgentSimulation, Comparison, PaidFigures, Simulation, SimulationRequest,
};
use brokerdesk_core::commissions::{
    CommissionPlan, NewCommissionPlan, NewPlanAssignment, PlanAssignmentRecord, PlanTerms,
    PlanVersion,
};
use brokerdesk_core::ids::{CommissionPlanId, PlanAssignmentId};

use brokerdesk_client::commissions::OfflineReports;
use brokerdesk_client::commissions::charts::{ChartId, chart_png, chart_svgs};
use brokerdesk_client::commissions::drill::drill_down;
use brokerdesk_client::commissions::export::{
    ExportError, ReportExport, export_bytes, record_export,
};
use brokerdesk_client::commissions::figures::ReportFigures;
use brokerdesk_client::commissions::view::{ReportView, parse_key};
use brokerdesk_client::overview::overview;
use brokerdesk_client::sync::StoreError;
use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::production::{DateBasis, GroupBy, ProductionQuery};
use brokerdesk_core::commissions::reports::run::{Compare, ProductionRequest};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use chrono::{NaiveDate, TimeZone, Utc};
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use support::Device;
use uuid::Uuid;

fn request(group_by: GroupBy) -> ProductionRequest {
    ProductionRequest {
        query: ProductionQuery {
            period: Period::year(2026),
            group_by,
            basis: DateBasis::Closed,
        },
        compare: Some(Compare::PreviousYear),
    }
}

/// The demo's fixed "today", so archived loops and cap years do not move with the clock.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

async fn reports(device: &Device) -> OfflineReports {
    OfflineReports::load(
        device.engine.store(),
        device.session.account().user_id,
        today(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn figures_charts_drill_down_and_exports_offline_in_each_members_scope() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = Device::demo(&app.address, "acme", "owner@acme.test").await;
    owner.engine.sync_once().await.unwrap();
    let offline = reports(&owner).await;
    let figures = ReportFigures::compute(&offline, &request(GroupBy::Agent)).unwrap();
    let view = ReportView::new(&offline, &figures);
    assert!(view.sees_everyone && view.as_of.is_some());
    assert!(view.rows.len() >= 5, "every demo agent has a row");
    assert!(view.total.previous.is_some(), "last year beside this year");
    // The leaderboard and the charts' months are the same whichever table the page
    // asked for (they are taken from the table when it holds them).
    let by_team = ReportFigures::compute(&offline, &request(GroupBy::Team)).unwrap();
    assert_eq!(by_team.by_agent, figures.by_agent);
    assert_eq!(by_team.monthly, figures.monthly);
    assert!(
        figures.monthly != Default::default(),
        "the demo year has months"
    );
    let first_half = ProductionRequest {
        query: ProductionQuery {
            period: Period {
                from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            },
            group_by: GroupBy::Agent,
            basis: DateBasis::Written,
        },
        compare: None,
    };
    let half = ReportFigures::compute(&offline, &first_half).unwrap();
    assert_eq!(
        half.monthly, figures.monthly,
        "the charts show the whole year"
    );
    assert!(half.by_agent.total.gci < figures.by_agent.total.gci);

    // Each row's drill-down adds up to its figures, to the cent.
    for row in &view.rows {
        let key = parse_key(row.key.as_deref().unwrap()).unwrap();
        let lines = drill_down(&offline, &figures.request, Some(&key));
        let closed: Decimal = lines.iter().filter(|l| !l.pending).map(|l| l.gci).sum();
        assert_eq!(closed, row.figures.gci, "{}", row.label);
        assert!(lines.iter().all(|l| !l.trace.is_empty()));
    }
    assert!(parse_key("{\"kind\":\"nonsense\"}").is_none());

    let charts = chart_svgs(&figures).unwrap();
    assert_eq!(charts.len(), 5);
    assert!(charts.iter().all(|c| c.svg.starts_with("<svg")));
    let now = Utc.with_ymd_and_hms(2026, 12, 2, 15, 0, 0).unwrap();
    let pdf = export_bytes(&offline, &figures, ReportExport::Pdf, now).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let csv = String::from_utf8(export_bytes(&offline, &figures, ReportExport::Csv, now).unwrap())
        .unwrap();
    assert!(csv.starts_with("group,name,deals"), "{csv}");
    let png = chart_png(&figures, ChartId::Leaderboard).unwrap();
    assert!(png.starts_with(b"\x89PNG"));

    // An agent sees their own lines only, in every part of the page.
    let agent = Device::demo(&app.address, "acme", "agent@acme.test").await;
    agent.engine.sync_once().await.unwrap();
    let own = reports(&agent).await;
    let figures = ReportFigures::compute(&own, &request(GroupBy::Agent)).unwrap();
    let view = ReportView::new(&own, &figures);
    assert!(!view.sees_everyone);
    let name = view.agent_name.clone().expect("the agent's roster name");
    assert!(view.rows.iter().all(|r| r.label == name), "{:?}", view.rows);
    assert!(view.cap.iter().all(|c| c.agent_name == name));
    let lines = drill_down(&own, &figures.request, None);
    assert!(!lines.is_empty() && lines.iter().all(|l| l.agent_name == name));
    // Their own statement, and no one else's (refused as the server refuses it).
    let roster = own.inputs().roster();
    let mine = roster.iter().find(|a| a.name == name).unwrap().id;
    let statement = ReportExport::Statement { agent: mine };
    assert!(
        export_bytes(&own, &figures, statement, now)
            .unwrap()
            .starts_with(b"%PDF")
    );
    let colleague = roster
        .iter()
        .find(|a| a.name != name)
        .expect("the roster is shared")
        .id;
    let theirs = ReportExport::Statement { agent: colleague };
    assert!(matches!(
        export_bytes(&own, &figures, theirs, now),
        Err(ExportError::Store(StoreError::Missing(_)))
    ));
}

#[tokio::test]
async fn an_offline_export_reaches_the_audit_trail_and_nothing_else_gets_in_that_way() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let agent = Device::demo(&app.address, "acme", "agent@acme.test").await;
    agent.engine.sync_once().await.unwrap();
    let offline = reports(&agent).await;
    let figures = ReportFigures::compute(&offline, &request(GroupBy::Month)).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 12, 2, 9, 30, 0).unwrap();
    record_export(agent.engine.store(), &figures, ReportExport::Csv, at)
        .await
        .unwrap();
    let queued = agent.engine.store().pending(10).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].entity, SyncEntity::AuditEntry);

    agent.engine.sync_once().await.unwrap();
    assert!(agent.engine.store().pending(10).await.unwrap().is_empty());
    assert!(agent.engine.store().rejected().await.unwrap().is_empty());
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let entry = trail(&app, &owner)
        .await
        .into_iter()
        .find(|e| e["action"] == "report.exported_offline")
        .expect("the export is in the trail");
    assert_eq!(entry["actor"]["id"], json!(agent.session.account().user_id));
    assert_eq!(entry["details"]["format"], "csv");
    assert_eq!(entry["details"]["period"]["from"], "2026-01-01");
    assert_eq!(entry["details"]["exportedAt"], "2026-12-02T09:30:00Z");

    // Anything but an export's fields, or another operation, is refused.
    let token = app.demo_token("acme", "agent@acme.test").await;
    let push = |op: &str, changes: Value| {
        json!({
            "deviceId": Uuid::now_v7(),
            "mutations": [{
                "mutationId": Uuid::now_v7(), "entity": "audit_entry", "op": op,
                "entityId": Uuid::now_v7().to_string(), "changes": changes, "baseVersion": null
            }]
        })
    };
    let forged = json!({
        "format": "pdf", "period": { "from": "2026-01-01", "to": "2026-12-31" },
        "exportedAt": "2026-12-02T09:30:00Z", "action": "member.role_changed"
    });
    for (op, changes, code) in [
        ("create", forged, "invalid_audit_event"),
        ("update", json!({}), "op_not_supported"),
        ("delete", json!({}), "op_not_supported"),
    ] {
        let answer = app
            .post("/v1/sync/push", &token, Some(push(op, changes)))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        let outcome = &answer.body["results"][0]["outcome"];
        assert_eq!(outcome["status"], "rejected", "{op}: {outcome}");
        assert_eq!(outcome["code"], code, "{op}: {outcome}");
    }
    let entries = trail(&app, &owner).await;
    assert_eq!(
        entries
            .iter()
            .filter(|e| e["action"] == "report.exported_offline")
            .count(),
        1
    );
    // The forged field reached no entry (consent entries carry an "action" of their own).
    assert!(
        !entries
            .iter()
            .any(|e| e["details"]["action"] == "member.role_changed")
    );
}

#[tokio::test]
async fn the_overview_reads_the_week_from_the_cache() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = Device::demo(&app.address, "acme", "owner@acme.test").await;
    owner.engine.sync_once().await.unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
    let offline = reports(&owner).await;
    let home = overview(owner.engine.store(), &offline, now).await.unwrap();
    let gci = home.gci_month_to_date.expect("the owner sees reports");
    assert_eq!(
        gci.period.from,
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    );
    assert!(home.as_of.is_some());
    for list in [&home.closing_soon, &home.stale_pending, &home.with_findings] {
        assert!(list.deals.len() as u32 <= list.total.max(5));
    }
    assert!(home.with_findings.deals.iter().all(|d| d.findings > 0));
    assert!(
        home.near_cap
            .iter()
            .all(|c| c.counted * Decimal::from(4) >= c.cap * Decimal::from(3))
    );
}

/// The types the Reports, Overview and Commission plans pages read, generated into
/// `ui/src/bindings/` (run with `UPDATE_BINDINGS=1` to rewrite them); listed here, as
/// the knowledge base lists its own, so the commission pages stay in their folders.
#[test]
fn report_ui_bindings_match_rust_types() {
    check_or_update(
        vec![
            render::<Period>(),
            render::<GroupBy>(),
            render::<DateBasis>(),
            render::<ProductionQuery>(),
            render::<Compare>(),
            render::<CommissionPlanId>(),
            render::<ProductionRequest>(),
            render::<ProductionFigures>(),
            render::<FigureRow>(),
            render::<CapCard>(),
            render::<UnpaidView>(),
            render::<ReportView>(),
            render::<ChartId>(),
            render::<ChartSvg>(),
            render::<TraceRow>(),
            render::<DrillLine>(),
            render::<ReportExport>(),
            render::<ExportedReport>(),
            render::<SourceCount>(),
            render::<DealLink>(),
            render::<DealList>(),
            render::<GciToDate>(),
            render::<Overview>(),
            render::<Split>(),
            render::<TierBasis>(),
            render::<Tier>(),
            render::<CapYear>(),
            render::<FranchiseFee>(),
            render::<FeeAmount>(),
            render::<FeePayee>(),
            render::<PostSplitFee>(),
            render::<TeamSplit>(),
            render::<TeamMember>(),
            render::<PlanTerms>(),
            render::<PlanVersion>(),
            render::<CommissionPlan>(),
            render::<NewCommissionPlan>(),
            render::<PlanAssignmentId>(),
            render::<NewPlanAssignment>(),
            render::<PlanAssignmentRecord>(),
            render::<SimulationRequest>(),
            render::<PaidFigures>(),
            render::<Comparison>(),
            render::<AgentSimulation>(),
            render::<Simulation>(),
        ],
        "brokerdesk-client --test report_exports",
    );
}

/// Every entry of acme's trail, oldest first.
async fn trail(app: &TestApp, token: &str) -> Vec<Value> {
    let mut entries: Vec<Value> = Vec::new();
    loop {
        let after = entries.last().map_or(0, |e| e["seq"].as_i64().unwrap());
        let page = app.get(&format!("/v1/audit?afterSeq={after}"), token).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        let more = page.body.as_array().cloned().unwrap_or_default();
        if more.is_empty() {
            return entries;
        }
        entries.extend(more);
    }
}
