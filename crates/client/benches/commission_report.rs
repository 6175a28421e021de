//! The full production report (grouped by agent, against the previous year) over 50,000
//! deals, 200 agents and 3 years: on the server (`GET /v1/reports/production` over
//! loopback, PostgreSQL in this process) and offline from a SQLCipher cache synced from
//! that server. Prints medians; the goal offline is < 100 ms. Also checks that both
//! answers are identical. Needs `BROKERDESK_TEST_DATABASE_URL` (see `scripts/bench.sh`).
//! `BENCH_DEALS` and `BENCH_AGENTS` change the sizes.

use brokerdesk_client::commissions::OfflineReports;
use brokerdesk_client::commissions::charts::chart_svgs;
use brokerdesk_client::commissions::figures::ReportFigures;
use brokerdesk_client::commissions::held::HeldReports;
use brokerdesk_client::commissions::view::ReportView;
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::session::SessionManager;
use brokerdesk_client::sync::{EngineConfig, SyncEngine};
use brokerdesk_core::commissions::plan::{
    CapYear, FeeAmount, FeePayee, PlanTerms, PostSplitFee, Split, Tier, TierBasis,
};
use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::production::{DateBasis, GroupBy, ProductionQuery};
use brokerdesk_core::commissions::reports::run::{Compare, ProductionRequest};
use brokerdesk_core::commissions::{
    NewCommissionPlan, NewPlanAssignment, PlanAssignmentRecord, PlanVersion,
};
use brokerdesk_core::identity::SignInRequest;
use brokerdesk_core::ids::{CommissionPlanId, PlanAssignmentId, RosterAgentId, TransactionId};
use brokerdesk_core::roster::{NewRosterAgent, RosterAgent};
use brokerdesk_core::transactions::{Participant, TransactionFields};
use brokerdesk_server::commissions::{self, assignments};
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::{TestApp, scope};
use brokerdesk_server::transactions::store;
use chrono::{Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use std::sync::Arc;
use std::time::Instant;

const RUNS: usize = 7;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn terms(split: Split, cap: Option<i64>) -> PlanTerms {
    PlanTerms {
        split,
        cap_year: CapYear::Anniversary,
        company_dollar_cap: cap.map(Decimal::from),
        franchise_fee: None,
        transaction_fee: Some(PostSplitFee {
            amount: FeeAmount::Flat {
                amount: Decimal::from(295),
            },
            annual_cap: Some(Decimal::from(5_000)),
            payee: FeePayee::Company,
        }),
        errors_and_omissions: None,
        team: None,
    }
}

fn bench_plans() -> Vec<NewCommissionPlan> {
    let percent = |p: i64| Split::AgentPercent {
        agent_percent: Decimal::from(p),
    };
    let tier = |from: i64, p: i64| Tier {
        from: Decimal::from(from),
        agent_percent: Decimal::from(p),
    };
    let versions = |terms: PlanTerms| {
        vec![PlanVersion {
            effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            terms,
        }]
    };
    vec![
        NewCommissionPlan {
            name: "Bench 70/30 capped".into(),
            versions: versions(terms(percent(70), Some(20_000))),
        },
        NewCommissionPlan {
            name: "Bench sliding scale".into(),
            versions: versions(terms(
                Split::Tiered {
                    basis: TierBasis::Gci,
                    tiers: vec![tier(0, 60), tier(50_000, 70), tier(120_000, 85)],
                },
                None,
            )),
        },
    ]
}

fn deal(i: usize, agents: &[RosterAgent]) -> TransactionFields {
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let closing = first + Days::new(((i * 37) % 1_065) as u64);
    let status = match i % 10 {
        0..=7 => "SOLD",
        8 => "UNDER_CONTRACT",
        _ => "ACTIVE_LISTING",
    };
    let price = Decimal::from(200_000 + (i % 50) as i64 * 10_000);
    let person = |who: &RosterAgent, role: &str| Participant {
        name: who.name.clone(),
        email: Some(who.email.clone()),
        role: Some(role.into()),
    };
    let mut participants = vec![person(&agents[i % agents.len()], "LISTING_AGENT")];
    if i.is_multiple_of(3) {
        participants.push(person(&agents[(i * 7 + 3) % agents.len()], "BUYING_AGENT"));
    }
    TransactionFields {
        name: format!("{i} Bench St"),
        status: Some(status.into()),
        transaction_type: Some("PURCHASE_OFFER".into()),
        sale_price: Some(price),
        commission_rate: Some(Decimal::from(3)),
        commission_total: Some(price * Decimal::new(3, 2)),
        referral_percent: i.is_multiple_of(11).then(|| Decimal::from(25)),
        contract_date: closing.checked_sub_days(Days::new(35)),
        closing_date: Some(closing),
        participants,
        ..Default::default()
    }
}

/// Adds the bench's agents, deals, plans and assignments to acme, in one transaction.
async fn seed(app: &TestApp, deals: usize, agents: usize) {
    let admin = app.db.admin_pool().await;
    let tenant: uuid::Uuid = sqlx::query_scalar("select id from tenants where subdomain = 'acme'")
        .fetch_one(&admin)
        .await
        .unwrap();
    let db = app.db.database().await;
    let mut tx = db
        .begin_tenant(scope(brokerdesk_core::ids::TenantId::from_uuid(tenant)))
        .await
        .unwrap();
    let mut roster = Vec::with_capacity(agents);
    for n in 0..agents {
        let new = NewRosterAgent {
            name: format!("Bench Agent {n}"),
            email: format!("bench.agent.{n}@acme.test"),
            member_id: None,
            office: Some(format!("Office {}", n % 4)),
            team: Some(format!("Team {}", n % 12)),
            anniversary: NaiveDate::from_ymd_opt(2015 + (n % 8) as i32, 1 + (n % 12) as u32, 1),
        };
        let agent = new.into_agent(RosterAgentId::new(), Utc::now()).unwrap();
        brokerdesk_server::roster::insert(&mut tx, &agent)
            .await
            .unwrap();
        roster.push(agent);
    }
    let fields: Vec<TransactionFields> = (0..deals).map(|i| deal(i, &roster)).collect();
    let writes: Vec<(TransactionId, &TransactionFields)> =
        fields.iter().map(|f| (TransactionId::new(), f)).collect();
    let version = tx.next_version().await.unwrap();
    store::write(&mut tx, &writes, version, Utc::now())
        .await
        .unwrap();
    let mut plans = Vec::new();
    for new in bench_plans() {
        let plan = new.into_plan(CommissionPlanId::new()).unwrap();
        commissions::insert(&mut tx, &plan).await.unwrap();
        plans.push(plan);
    }
    for (n, agent) in roster.iter().enumerate() {
        let new = NewPlanAssignment {
            agent: agent.id,
            plan: plans[n % plans.len()].id,
            effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        };
        assignments::insert(
            &mut tx,
            &PlanAssignmentRecord::new(PlanAssignmentId::new(), new),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::main]
async fn main() {
    let deals = env_number("BENCH_DEALS", 50_000);
    let agents = env_number("BENCH_AGENTS", 200);
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let started = Instant::now();
    seed(&app, deals, agents).await;
    println!(
        "{deals} deals, {agents} agents, 2024-2026 (with acme's demo data): seeded in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let as_of = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let path = format!(
        "/v1/reports/production?from=2026-01-01&to=2026-12-31&groupBy=agent&compare=previousYear&asOf={as_of}"
    );
    let token = app.demo_token("acme", "owner@acme.test").await;
    let mut samples = Vec::new();
    let mut server_answer = serde_json::Value::Null;
    for _ in 0..RUNS {
        let started = Instant::now();
        let response = app.get(&path, &token).await;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(response.status.is_success(), "{:?}", response.body);
        server_answer = response.body;
    }
    println!(
        "server: production by agent vs previous year, over HTTP: median {:.0} ms",
        median(samples)
    );

    let dir = tempfile::tempdir().unwrap();
    let sessions = SessionManager::new(dir.path(), Arc::new(MemorySecretStore::default()));
    let request = SignInRequest {
        tenant: "acme".into(),
        email: "owner@acme.test".into(),
        password: DEMO_PASSWORD.into(),
        mfa_code: None,
    };
    let session = sessions.sign_in(&app.address, &request).await.unwrap();
    let user = session.account().user_id;
    let (engine, _) = SyncEngine::open(sessions.clone(), session, EngineConfig::default())
        .await
        .unwrap();
    let started = Instant::now();
    engine.sync_once().await.unwrap();
    println!(
        "initial sync into the encrypted cache: {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let report_request = ProductionRequest {
        query: ProductionQuery {
            period: Period::year(2026),
            group_by: GroupBy::Agent,
            basis: DateBasis::Closed,
        },
        compare: Some(Compare::PreviousYear),
    };
    let (mut loads, mut reports, mut both) = (Vec::new(), Vec::new(), Vec::new());
    let mut offline_answer = serde_json::Value::Null;
    for _ in 0..RUNS {
        let started = Instant::now();
        let offline = OfflineReports::load(engine.store(), user, as_of)
            .await
            .unwrap();
        let loaded = started.elapsed().as_secs_f64() * 1000.0;
        let computing = Instant::now();
        let answer = offline.production(&report_request).unwrap();
        let computed = computing.elapsed().as_secs_f64() * 1000.0;
        loads.push(loaded);
        reports.push(computed);
        both.push(loaded + computed);
        offline_answer = serde_json::to_value(answer).unwrap();
    }
    println!(
        "offline: read and price the cache (parse {deals} deals, pay them): median {:.0} ms",
        median(loads)
    );
    println!(
        "offline: production by agent vs previous year over loaded inputs: median {:.1} ms (goal < 100 ms)",
        median(reports)
    );
    println!(
        "offline: both, from the encrypted cache to the report: median {:.0} ms",
        median(both)
    );

    // What the Reports page asks for at each change of period or grouping, as the app
    // answers it: the inputs held since they were priced (the cache has not changed),
    // the page's figures, its table and every chart drawn as SVG.
    let held = HeldReports::default();
    held.get(engine.store(), user, as_of).await.unwrap();
    let (mut pages, mut held_reads, mut tables, mut drawings) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let started = Instant::now();
        let reports = held.get(engine.store(), user, as_of).await.unwrap();
        let got = started.elapsed();
        let figures = ReportFigures::compute(&reports, &report_request).unwrap();
        let view = ReportView::new(&reports, &figures);
        let tabled = started.elapsed();
        let charts = chart_svgs(&figures).unwrap();
        let drawn = started.elapsed();
        pages.push(drawn.as_secs_f64() * 1000.0);
        held_reads.push(got.as_secs_f64() * 1000.0);
        tables.push((tabled - got).as_secs_f64() * 1000.0);
        drawings.push((drawn - tabled).as_secs_f64() * 1000.0);
        assert!(!view.rows.is_empty() && !charts.is_empty());
    }
    println!(
        "offline: the Reports page's report with its charts, inputs held while the cache is unchanged: median {:.1} ms (goal < 100 ms)",
        median(pages)
    );
    println!(
        "  of which: checking the held inputs are current {:.1} ms, figures and table {:.1} ms, five charts as SVG {:.1} ms (medians)",
        median(held_reads),
        median(tables),
        median(drawings)
    );
    assert_eq!(
        offline_answer, server_answer,
        "the server and the cache disagree"
    );
    println!("the server's and the offline answers are identical");
}
