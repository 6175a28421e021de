//! The API through pgbouncer in transaction pooling mode (Debian's 1.18: no
//! protocol-level prepared statements), configured as README says: the pool through
//! pgbouncer with sqlx's statement cache off and pgbouncer deallocating what a
//! transaction prepared, the LISTEN connection straight to PostgreSQL. Sign-in, leads,
//! sync pull, push and wait all work, also with more clients than server connections.
//!
//! The test starts its own pgbouncer (`scripts/lib/setup.sh` installs the package).

use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::ConnectOptions;
use sqlx::postgres::PgConnectOptions;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};
use uuid::Uuid;

const PGBOUNCER: &str = "/usr/sbin/pgbouncer";

/// A pgbouncer of this test's own, in front of one database; stopped when dropped.
struct Pgbouncer {
    port: u16,
    dir: PathBuf,
    process: Child,
}

impl Pgbouncer {
    /// Starts pgbouncer in transaction mode with fewer server connections (2) than the
    /// API's pool, so requests share servers, and waits until it accepts connections.
    fn start(target: &PgConnectOptions) -> Self {
        assert!(
            std::path::Path::new(PGBOUNCER).exists(),
            "{PGBOUNCER} is missing: install the pgbouncer package (scripts/test.sh does)"
        );
        let database = target
            .get_database()
            .expect("the test URL names a database");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|socket| socket.local_addr())
            .expect("a free port")
            .port();
        let dir = std::env::temp_dir().join(format!("bdtest-pgbouncer-{}", Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = format!(
            "[databases]\n\
             {database} = host={host} port={pg_port} dbname={database}\n\
             [pgbouncer]\n\
             listen_addr = 127.0.0.1\n\
             listen_port = {port}\n\
             unix_socket_dir =\n\
             auth_type = trust\n\
             auth_file = {dir}/users.txt\n\
             pool_mode = transaction\n\
             default_pool_size = 2\n\
             max_client_conn = 200\n\
             server_reset_query = DEALLOCATE ALL\n\
             server_reset_query_always = 1\n\
             ignore_startup_parameters = extra_float_digits\n\
             logfile = {dir}/pgbouncer.log\n",
            host = target.get_host(),
            pg_port = target.get_port(),
            dir = dir.display(),
        );
        std::fs::write(dir.join("pgbouncer.ini"), config).unwrap();
        std::fs::write(dir.join("users.txt"), "\"brokerdesk_app\" \"\"\n").unwrap();
        let ini = dir.join("pgbouncer.ini");
        // pgbouncer refuses to run as root; setpriv execs it (no child to orphan) as the
        // postgres user the PostgreSQL package creates.
        let process = if is_root() {
            make_world_writable(&dir);
            Command::new("setpriv")
                .args([
                    "--reuid=postgres",
                    "--regid=postgres",
                    "--init-groups",
                    PGBOUNCER,
                ])
                .arg("-q")
                .arg(&ini)
                .spawn()
        } else {
            Command::new(PGBOUNCER).arg("-q").arg(&ini).spawn()
        }
        .expect("pgbouncer starts");
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while TcpStream::connect(address).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "pgbouncer did not listen on {address}; see {}/pgbouncer.log",
                dir.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { port, dir, process }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("pgbouncer.log")).unwrap_or_default()
    }
}

impl Drop for Pgbouncer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The statuses of 24 searches sent at once (three times the API pool, twelve times
/// the servers pgbouncer has).
async fn searched_at_once(app: &TestApp, token: &str) -> Vec<StatusCode> {
    let client = reqwest::Client::new();
    let searches = (0..24).map(|n| {
        let url = format!("{}/v1/leads?q=lead&limit={}", app.address, 5 + n % 7);
        let request = client.get(url).bearer_auth(token).send();
        async move { request.await.map(|r| r.status()).unwrap() }
    });
    let mut statuses = Vec::new();
    let handles: Vec<_> = searches.map(tokio::spawn).collect();
    for handle in handles {
        statuses.push(handle.await.unwrap());
    }
    statuses
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

fn make_world_writable(dir: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
}

#[tokio::test]
async fn the_api_works_through_pgbouncer_in_transaction_mode() {
    let mut bouncer = None;
    let app = TestApp::spawn_with(|config| {
        let direct = config.admin.app_options().unwrap();
        let started = Pgbouncer::start(&direct);
        let pooled = direct.clone().port(started.port);
        config.app_database_url = Some(format!(
            "{}?statement-cache-capacity=0",
            pooled.to_url_lossy().as_str().split('?').next().unwrap()
        ));
        config.listen_database_url = Some(direct.to_url_lossy().to_string());
        config.max_connections = 8;
        bouncer = Some(started);
    })
    .await;
    let bouncer = bouncer.unwrap();
    seed_demo(&app.db.args).await.unwrap();

    // Sign-in: 19 of 20 failed before (prepared statements clashing on shared servers).
    let mut token = String::new();
    for _ in 0..20 {
        let response = app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        token = signed_in(response).access_token;
    }

    let created = app
        .post("/v1/leads", &token, Some(json!({ "name": "Bouncer Lead" })))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let listed = app.get("/v1/leads?q=bouncer", &token).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body["leads"][0]["name"], "Bouncer Lead");

    let (changes, _) = app.pull_all(&token, 5).await;
    assert!(changes.iter().any(|c| c["data"]["name"] == "Bouncer Lead"));

    // A waiter parked on the direct LISTEN connection wakes up for a push through
    // pgbouncer.
    let clock = app.get("/v1/sync/pull?limit=1", &token).await.body["clock"]
        .as_i64()
        .unwrap();
    let wait = format!("/v1/sync/wait?afterVersion={clock}&timeoutSecs=20");
    let started = Instant::now();
    let (woken, pushed) = tokio::join!(app.get(&wait, &token), async {
        // Pushed once the waiter is parked.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let lead = json!({
            "mutationId": Uuid::now_v7(), "entity": "lead", "op": "create",
            "entityId": Uuid::now_v7(), "changes": { "name": "Pushed Lead" },
            "baseVersion": null,
        });
        app.push(&token, Uuid::new_v4(), vec![lead]).await
    });
    assert_eq!(pushed[0]["outcome"]["status"], "applied", "{pushed:?}");
    assert_eq!(woken.body["changed"], true, "{:?}", woken.body);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "woke after {:?}",
        started.elapsed()
    );

    // Many requests at once over 2 server connections: none fails.
    let listed = searched_at_once(&app, &token).await;
    assert!(
        listed.iter().all(|status| *status == StatusCode::OK),
        "{listed:?}"
    );
    // Guards the guard: the API's statements really went through this pgbouncer.
    assert!(
        bouncer.log().contains("user=brokerdesk_app"),
        "{}",
        bouncer.log()
    );
}
