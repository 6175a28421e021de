//! Reports in the real app, offline: an owner imports the golden Dotloop export, the
//! imported deal's agent joins the roster on a plan, the server stops, and the Reports
//! page shows the figures and the charts from the encrypted cache, drills into a figure,
//! and exports the PDF report, whose pages are rendered with `pdftoppm` and checked.
//! Back online, the offline export reaches the audit trail.

mod support;

use brokerdesk_server::app::config::ServeConfig;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::{TestDatabase, TestServer};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::{DesktopSession, rest_token};

#[tokio::test(flavor = "multi_thread")]
async fn reports_offline_from_the_cache_with_charts_drill_down_and_a_pdf_export() {
    let db = TestDatabase::create().await;
    seed_demo(&db.args).await.expect("demo tenants");
    let config: ServeConfig = db.serve_config_on_a_fixed_port();
    let server = TestServer::start(&config).await;
    let data_home = tempfile::tempdir().unwrap();
    let desktop = DesktopSession::launch(&server.address, data_home.path()).await;
    desktop.sign_in("owner@acme.test").await;
    desktop.element("sync-last").await;
    // The app opens on the Overview, read from the cache.
    desktop
        .wait_for_text("home-gci", "GCI closed this month")
        .await;
    desktop.screenshot("reports-01-overview").await;

    import_the_dotloop_fixture(&desktop).await;
    // The imported deals' agent joins the roster on the capped plan.
    assign_alice_a_plan(&server.address).await;
    desktop.click("sync-now").await;
    desktop.visit("#/roster").await;
    desktop.wait_for_text("roster-table", "Alice Agent").await;
    desktop.screenshot("reports-00a-roster").await;
    // A new version of her plan, paying a team: the editor's team section.
    desktop.visit("#/commission-plans").await;
    desktop.click("plan-new-version-70/30 with cap").await;
    desktop.click("plan-team-toggle").await;
    desktop.element("plan-team-lead").await;
    desktop.screenshot("reports-00b-plan-team-editor").await;

    server.stop().await;
    desktop.wait_for_state("sync-status", "offline").await;
    desktop.visit("#/reports").await;
    desktop
        .wait_for_text("report-period-text", "closed deals")
        .await;
    desktop.select("report-period", "lastYear").await;
    let this_year = chrono::Utc::now().format("%Y").to_string();
    desktop
        .wait_without_text("report-period-text", &this_year)
        .await;
    desktop.wait_for_text("report-table", "Alice Agent").await;
    let gci = desktop.wait_for_text("report-figure-gci", "$").await;
    // The card reads "GCI$20K…— vs $0.00 last year": only its own figure must not be zero.
    assert!(
        !gci.starts_with("GCI$0"),
        "last year's GCI is not zero: {gci}"
    );
    desktop.wait_for_text("report-as-of", "As of").await;
    for chart in [
        "monthlyGci",
        "cumulativeVolume",
        "leaderboard",
        "pipeline",
        "capProgress",
    ] {
        let svg = desktop
            .element_at(&format!("[data-testid='chart-{chart}'] svg"), chart)
            .await;
        assert!(
            svg.html(false).await.unwrap().contains("<text"),
            "{chart} has labels"
        );
    }
    desktop.screenshot("reports-02-figures-offline").await;
    desktop.scroll_to("report-charts").await;
    desktop.screenshot("reports-03-charts").await;
    desktop.scroll_to("cap-cards").await;
    desktop.screenshot("reports-04-cap-progress").await;

    // From a figure to the lines behind it, with their traces.
    desktop.click("report-open-Alice Agent").await;
    desktop.wait_for_text("drill-lines", "12 Harbor Rd").await;
    desktop.click("drill-line").await;
    desktop.wait_for_text("drill-trace", "Company split").await;
    desktop.screenshot("reports-05-drill-down").await;
    desktop.click("drill-close").await;

    // The PDF, written to a chosen folder while offline.
    let out = tempfile::tempdir().unwrap();
    desktop
        .fill("export-folder", out.path().to_str().unwrap())
        .await;
    desktop.click("export-pdf").await;
    let done = desktop.wait_for_text("export-done", ".pdf").await;
    desktop.screenshot("reports-06-exported").await;
    let pdf = only_file(out.path(), "pdf");
    assert!(done.contains(pdf.to_str().unwrap()), "{done}");
    check_pdf_pages(&pdf);

    // Back online: the export made offline reaches the audit trail.
    let server = TestServer::start(&config).await;
    desktop.click("sync-now").await;
    let entry = audited_export(&server.address).await;
    assert_eq!(entry["details"]["format"], "pdf", "{entry}");
    assert_eq!(entry["actor"]["kind"], "user", "{entry}");

    desktop.close().await;
    server.stop().await;
}

async fn import_the_dotloop_fixture(desktop: &DesktopSession) {
    desktop.visit("#/transactions").await;
    desktop.wait_for_text("tx-count", "transaction").await;
    desktop.click("tx-import-open").await;
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/tests/data/dotloop/export.csv");
    desktop
        .element("dotloop-import-file")
        .await
        .send_keys(fixture.to_str().unwrap())
        .await
        .expect("the file is chosen");
    desktop
        .wait_for_text("dotloop-import-summary", "6 new")
        .await;
    desktop.click("dotloop-import-apply").await;
    desktop
        .wait_for_text("dotloop-import-done", "Queued 6 new")
        .await;
    desktop.click("dotloop-import-close").await;
}

/// Alice Agent (the fixture's agent) on the roster and on "70/30 with cap", as the
/// owner does over REST from another client.
async fn assign_alice_a_plan(address: &str) {
    let http = reqwest::Client::new();
    let token = rest_token(address, "acme", "owner@acme.test").await;
    let alice: Value = http
        .post(format!("{address}/v1/roster"))
        .bearer_auth(&token)
        .json(&json!({ "name": "Alice Agent", "email": "alice@acme.test", "office": "Portland" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let plans: Value = http
        .get(format!("{address}/v1/commission-plans"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let capped = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "70/30 with cap")
        .expect("the demo's capped plan");
    let assigned = http
        .post(format!("{address}/v1/commission-assignments"))
        .bearer_auth(&token)
        .json(&json!({ "agent": alice["id"], "plan": capped["id"], "effectiveFrom": "2020-01-01" }))
        .send()
        .await
        .unwrap();
    assert!(
        assigned.status().is_success(),
        "{:?}",
        assigned.text().await
    );
}

/// The one file with extension `ext` in `dir`.
fn only_file(dir: &Path, ext: &str) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

/// The PDF has several pages, each with its "Page i of n" and drawn (not blank) when
/// rendered by poppler's `pdftoppm -png`, kept under target/screenshots/ to look at.
fn check_pdf_pages(pdf: &Path) {
    let run = |tool: &str, args: &[&str]| {
        let out = Command::new(tool)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{tool} (poppler-utils): {e}"));
        assert!(
            out.status.success(),
            "{tool}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let path = pdf.to_str().unwrap();
    let pages: usize = run("pdfinfo", &[path])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert!(pages >= 2, "the report has several pages, not {pages}");
    let text = run("pdftotext", &["-layout", path, "-"]);
    for page in 1..=pages {
        assert!(
            text.contains(&format!("Page {page} of {pages}")),
            "page {page} is numbered"
        );
    }
    assert!(
        text.contains("As of") || text.contains("as of"),
        "the sync time is printed"
    );
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let prefix = shots.join("reports-pdf-page");
    run(
        "pdftoppm",
        &["-png", "-r", "60", path, prefix.to_str().unwrap()],
    );
    let rendered: Vec<PathBuf> = std::fs::read_dir(&shots)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("reports-pdf-page") && n.ends_with(".png"))
        })
        .collect();
    assert_eq!(rendered.len(), pages, "{rendered:?}");
    for page in rendered {
        assert!(!blank(&page), "{} is not blank", page.display());
    }
}

/// Whether every pixel of the PNG is the same colour.
fn blank(png_file: &Path) -> bool {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_file).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let pixels = &pixels[..info.buffer_size()];
    let step = info.color_type.samples();
    pixels.chunks(step).all(|p| p == &pixels[..step])
}

/// The audit trail's entry for an offline export, once the app's push has landed.
async fn audited_export(address: &str) -> Value {
    let http = reqwest::Client::new();
    let token = rest_token(address, "acme", "owner@acme.test").await;
    for _ in 0..60 {
        let mut after = 0;
        loop {
            let page: Value = http
                .get(format!("{address}/v1/audit?afterSeq={after}"))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let entries = page.as_array().cloned().unwrap_or_default();
            if let Some(entry) = entries
                .iter()
                .find(|e| e["action"] == "report.exported_offline")
            {
                return entry.clone();
            }
            match entries.last().and_then(|e| e["seq"].as_i64()) {
                Some(seq) => after = seq,
                None => break,
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("the offline export never reached the audit trail");
}
