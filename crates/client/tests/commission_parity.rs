//! One code path: the server's reports (`GET /v1/reports/...`, over PostgreSQL) and the
//! desktop's offline reports (over the synced SQLCipher cache) give identical figures,
//! to the cent, for the demo brokerage's deals, roster and plans, with a split override
//! set on one deal.

mod support;

use brokerdesk_client::commissions::OfflineReports;
use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::production::{DateBasis, GroupBy, ProductionQuery};
use brokerdesk_core::commissions::reports::run::{Compare, ProductionRequest, ReportScope};
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use chrono::NaiveDate;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::Value;
use support::Device;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A money figure of a JSON answer, as a decimal.
fn money(value: &Value) -> Decimal {
    value.as_str().unwrap().parse().unwrap()
}

/// Sets a 95 % split, over REST, for the agent of the first line of a 2026 statement
/// (an agent's own line), and checks it changed their net: the agent's id.
async fn override_one_deal(app: &TestApp, token: &str, as_of: NaiveDate) -> String {
    let period = format!("from=2026-01-01&to=2026-12-31&asOf={as_of}");
    let tax = app
        .get(
            &format!("/v1/reports/tax-1099?year=2026&asOf={as_of}"),
            token,
        )
        .await
        .body;
    let agent = tax[0]["agent"].as_str().unwrap().to_owned();
    let statement = format!("/v1/reports/statement?agent={agent}&{period}");
    let before = app.get(&statement, token).await.body;
    let line = before["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["role"]["kind"] == "agent")
        .expect("a line of the agent's own");
    let set = app
        .call(
            reqwest::Method::PUT,
            &format!(
                "/v1/transactions/{}/commission-overrides/{agent}",
                line["dealId"].as_str().unwrap()
            ),
            Some(token),
            Some(serde_json::json!({ "agentPercent": "95", "reason": "Parity check" })),
        )
        .await;
    assert_eq!(set.status, StatusCode::CREATED, "{:?}", set.body);
    let after = app.get(&statement, token).await.body;
    assert_ne!(
        money(&after["agentNet"]),
        money(&before["agentNet"]),
        "{after}"
    );
    assert!(
        after
            .to_string()
            .contains("this deal's override: Parity check")
    );
    agent
}

#[tokio::test]
async fn server_and_offline_reports_agree_to_the_cent() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let token = app.demo_token("acme", "owner@acme.test").await;
    // Fixed "today", so ARCHIVED loops and cap years do not move with the clock.
    let as_of = day(2026, 12, 2);
    let overridden = override_one_deal(&app, &token, as_of).await;
    let device = Device::demo(&app.address, "acme", "owner@acme.test").await;
    device.engine.sync_once().await.unwrap();
    let offline = OfflineReports::load(
        device.engine.store(),
        device.session.account().user_id,
        as_of,
    )
    .await
    .unwrap();
    assert_eq!(
        offline.scope(),
        ReportScope::Everyone,
        "the owner sees everyone"
    );

    let plans = app.get("/v1/commission-plans", &token).await.body;
    let capped = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "70/30 with cap")
        .unwrap();
    let same_plan = Compare::PreviousYearSamePlan {
        plan: capped["id"].as_str().unwrap().parse().unwrap(),
        version_from: day(2020, 1, 1),
    };
    let cases = [
        (
            GroupBy::Agent,
            DateBasis::Closed,
            Some(Compare::PreviousYear),
            "previousYear",
        ),
        (
            GroupBy::Team,
            DateBasis::Written,
            Some(Compare::WrittenVsClosed),
            "writtenVsClosed",
        ),
        (GroupBy::Month, DateBasis::Closed, None, ""),
        (
            GroupBy::Office,
            DateBasis::Closed,
            Some(same_plan),
            "previousYear",
        ),
    ];
    for (group_by, basis, compare, compare_param) in cases {
        let request = ProductionRequest {
            query: ProductionQuery {
                period: Period::year(2026),
                group_by,
                basis,
            },
            compare,
        };
        let mut path = format!(
            "/v1/reports/production?from=2026-01-01&to=2026-12-31&asOf={as_of}&groupBy={}&basis={}",
            serde_json::to_value(group_by).unwrap().as_str().unwrap(),
            serde_json::to_value(basis).unwrap().as_str().unwrap(),
        );
        if !compare_param.is_empty() {
            path.push_str(&format!("&compare={compare_param}"));
        }
        if let Some(Compare::PreviousYearSamePlan { plan, version_from }) = compare {
            path.push_str(&format!("&samePlan={plan}&samePlanVersion={version_from}"));
        }
        let server = app.get(&path, &token).await;
        assert_eq!(server.status, StatusCode::OK, "{path}: {:?}", server.body);
        let local = serde_json::to_value(offline.production(&request).unwrap()).unwrap();
        assert_eq!(local, server.body, "{group_by:?} {basis:?} {compare:?}");
        if group_by == GroupBy::Agent {
            let total = &server.body["report"]["total"];
            assert!(money(&total["gci"]) > Decimal::ZERO, "{total}");
            assert!(money(&total["companyDollar"]) > Decimal::ZERO, "{total}");
            assert!(money(&total["agentNet"]) > Decimal::ZERO, "{total}");
            assert!(
                server.body["report"]["rows"].as_array().unwrap().len() >= 5,
                "the demo's agents each have a row"
            );
        }
    }

    let caps = app
        .get(&format!("/v1/reports/cap-progress?asOf={as_of}"), &token)
        .await;
    assert_eq!(caps.status, StatusCode::OK, "{:?}", caps.body);
    assert!(
        !caps.body.as_array().unwrap().is_empty(),
        "the 70/30 plan has a cap"
    );
    assert_eq!(
        serde_json::to_value(offline.cap_progress(as_of)).unwrap(),
        caps.body
    );

    let tax = app
        .get(
            &format!("/v1/reports/tax-1099?year=2026&asOf={as_of}"),
            &token,
        )
        .await;
    assert_eq!(tax.status, StatusCode::OK, "{:?}", tax.body);
    let totals = tax.body.as_array().unwrap();
    assert!(totals.iter().any(|t| money(&t["paidNet"]) > Decimal::ZERO));
    assert_eq!(
        serde_json::to_value(offline.tax_1099(2026)).unwrap(),
        tax.body
    );

    let agent = totals[0]["agent"].as_str().unwrap();
    assert_eq!(
        agent, overridden,
        "the statement compared is the overridden agent's"
    );
    let statement = app
        .get(
            &format!(
                "/v1/reports/statement?agent={agent}&from=2026-01-01&to=2026-12-31&asOf={as_of}"
            ),
            &token,
        )
        .await;
    assert_eq!(statement.status, StatusCode::OK, "{:?}", statement.body);
    let local = offline
        .statement(agent.parse().unwrap(), Period::year(2026))
        .unwrap();
    let local = serde_json::to_value(local).unwrap();
    assert!(
        local
            .to_string()
            .contains("this deal's override: Parity check")
    );
    assert_eq!(local, statement.body);
}
