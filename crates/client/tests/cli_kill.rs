//! Killing `brokerdesk-cli sync` for real: the binary runs as a child process against a
//! real API holding a few thousand leads with their sub-records, and is SIGKILLed at
//! many points of its pull. After each kill the cache opens and is consistent (it holds
//! exactly the rows up to its cursor, never part of a page, and its lead index matches
//! its leads), and a last `sync` completes with every row. Uses the real OS keychain
//! (scripts/test.sh runs the suite inside a Secret Service session).

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::OsKeychain;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::sync::Cursor;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::leads::{seed_lead_records, seed_leads};
use sqlx::{PgPool, SqlitePool};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

/// Rows per pulled page: a few thousand leads make dozens of pages to stop between.
const PAGE_ROWS: &str = "200";
/// The synced tables the check counts, by entity.
const TABLES: [(&str, &str); 4] = [
    ("lead", "leads"),
    ("consent", "consent_entries"),
    ("conversation", "conversations"),
    ("call", "call_records"),
];

fn cli(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_brokerdesk-cli"));
    command
        .env("BROKERDESK_DATA_DIR", data_dir)
        .env("BROKERDESK_PASSWORD", DEMO_PASSWORD)
        .kill_on_drop(true);
    command
}

async fn run(data_dir: &Path, args: &[&str]) -> serde_json::Value {
    let output = cli(data_dir)
        .args(args)
        .arg("--json")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{args:?}: {stdout}");
    serde_json::from_str(&stdout).unwrap()
}

/// Starts a pull and SIGKILLs it `delay` after it reports its first applied page.
/// Not earlier: until then the process is signing in again, and a kill between the
/// server rotating the refresh token and the keychain storing its successor ends the
/// sign-in (reuse detection), which is a matter for sessions, not for the cache.
/// Returns false when the process ended by itself first.
async fn sync_then_kill(data_dir: &Path, delay: Duration) -> bool {
    let mut child = cli(data_dir)
        .args(["sync", "--watch", "--json", "--page-rows", PAGE_ROWS])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let started = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if line.contains("\"phase\": \"pulling\"") || line.contains("\"phase\": \"waiting\"") {
                return true;
            }
        }
        false
    })
    .await
    .expect("the pull starts within a minute");
    if started {
        tokio::time::sleep(delay).await;
    }
    let ended_by_itself = child.try_wait().unwrap().is_some();
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    started && !ended_by_itself
}

/// Where a cache stands: its cursor and how many synced rows of each entity it holds.
struct Position {
    cursor: Cursor,
    rows: BTreeMap<String, i64>,
    index_complete: bool,
}

/// Opens the cache the killed process left, checks it is consistent on its own, and
/// returns where it stands.
async fn check_cache(location: &CacheLocation) -> Position {
    let cache = TenantCache::open(location.clone(), &OsKeychain)
        .await
        .expect("the cache opens after a kill");
    let pool = cache.pool();
    let integrity: String = sqlx::query_scalar("pragma integrity_check")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    let cursor: Option<String> =
        sqlx::query_scalar("select value from cache_meta where key = 'sync_cursor'")
            .fetch_optional(pool)
            .await
            .unwrap();
    let cursor = cursor.map_or_else(Cursor::start, |c| serde_json::from_str(&c).unwrap());
    let beyond: i64 = sqlx::query_scalar(
        "select count(*) from records
          where state = 0 and entity <> 'tenant'
            and (version > ?1 or (version = ?1 and (entity > ?2 or (entity = ?2 and id > ?3))))",
    )
    .bind(cursor.version)
    .bind(&cursor.entity)
    .bind(&cursor.id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        beyond, 0,
        "rows past the cursor {cursor:?}: half a page was kept"
    );
    let rows: BTreeMap<String, i64> =
        sqlx::query_as("select entity, count(*) from records group by entity")
            .fetch_all(pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    let index_complete = check_lead_index(pool).await;
    cache.close().await;
    Position {
        cursor,
        rows,
        index_complete,
    }
}

/// The lead list's index holds exactly the cached leads; once complete, its full-text
/// index agrees with it (while a first pull is under way the full-text index is not
/// built yet, and the list does without it). Returns whether it is complete.
async fn check_lead_index(pool: &SqlitePool) -> bool {
    let (leads, indexed, all_indexed, building): (i64, i64, i64, bool) = sqlx::query_as(
        "select (select count(*) from records where entity = 'lead'),
                (select count(*) from lead_index i
                   join records r on r.entity = 'lead' and r.id = i.id),
                (select count(*) from lead_index),
                exists (select 1 from cache_meta where key = 'lead_index' and value = 'building')",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!((indexed, all_indexed), (leads, leads), "the lead index");
    if !building {
        sqlx::query("insert into lead_fts (lead_fts, rank) values ('integrity-check', 1)")
            .execute(pool)
            .await
            .expect("the full-text index matches the lead index");
    }
    !building
}

/// How many rows of each synced table the server has at or before `cursor`, in pull
/// order: exactly what a cache that stopped there must hold.
async fn server_rows_up_to(
    admin: &PgPool,
    tenant: TenantId,
    cursor: &Cursor,
) -> BTreeMap<String, i64> {
    let mut rows = BTreeMap::new();
    for (entity, table) in TABLES {
        let n: i64 = sqlx::query_scalar(&format!(
            "select count(*) from {table}
              where tenant_id = $1 and (version < $2 or (version = $2 and ($3 collate \"C\" < $4
                    or ($3 = $4 and id::text collate \"C\" <= $5))))"
        ))
        .bind(tenant.as_uuid())
        .bind(cursor.version)
        .bind(entity)
        .bind(&cursor.entity)
        .bind(&cursor.id)
        .fetch_one(admin)
        .await
        .unwrap();
        rows.insert(entity.to_owned(), n);
    }
    rows
}

fn synced_rows(position: &Position) -> BTreeMap<String, i64> {
    TABLES
        .iter()
        .map(|(entity, _)| {
            let n = position.rows.get(*entity).copied().unwrap_or(0);
            (entity.to_string(), n)
        })
        .collect()
}

// The CLI runs as a child process; the API needs threads of its own meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_killed_at_many_points_leaves_a_consistent_cache_that_completes() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.db.admin_pool().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let account = run(
        data,
        &[
            "login",
            "--server",
            &app.address,
            "--tenant",
            "acme",
            "--email",
            "owner@acme.test",
        ],
    )
    .await;
    let tenant: TenantId = account["tenantId"].as_str().unwrap().parse().unwrap();
    let location = CacheLocation::new(data, &app.address, tenant);
    seed_leads(&admin, tenant, 3_000, None).await.unwrap();
    let (_, seeded) = seed_lead_records(&admin, tenant).await.unwrap();
    assert!(seeded.total() > 5_000, "{seeded:?}");

    // The first page lands before each kill, so every run moves the cursor on; the
    // delays, uneven on purpose, spread the kills over fetching, applying and committing
    // later pages, through the leads and then their sub-records.
    let mut stopped_at = BTreeSet::new();
    for delay_ms in [
        0, 3, 17, 41, 8, 29, 53, 11, 37, 23, 61, 5, 47, 19, 71, 2, 89, 13, 97, 31,
    ] {
        let killed_mid_pull = sync_then_kill(data, Duration::from_millis(delay_ms)).await;
        let position = check_cache(&location).await;
        assert_eq!(
            synced_rows(&position),
            server_rows_up_to(&admin, tenant, &position.cursor).await,
            "killed {delay_ms} ms after the first page: the cache holds exactly the rows up to its cursor"
        );
        if killed_mid_pull {
            stopped_at.insert(serde_json::to_string(&position.cursor).unwrap());
        }
    }
    assert!(
        stopped_at.len() >= 5,
        "the kills landed mid-pull at only {} distinct points",
        stopped_at.len()
    );

    let synced = run(data, &["sync"]).await;
    assert_eq!(synced["state"]["pendingEdits"], 0, "{synced}");
    let position = check_cache(&location).await;
    let everything = server_rows_up_to(
        &admin,
        tenant,
        &Cursor {
            version: i64::MAX,
            entity: String::new(),
            id: String::new(),
        },
    )
    .await;
    assert_eq!(synced_rows(&position), everything, "a last sync completes");
    assert!(position.index_complete, "and completes the lead index");
    assert_eq!(
        everything["lead"],
        3_000 + 3,
        "the bulk leads and the demo seed's"
    );
    let status = run(data, &["status"]).await;
    assert_eq!(status["leads"], everything["lead"]);
}
