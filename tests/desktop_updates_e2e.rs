//! Signed updates in the real app, against an update server this test runs. The
//! artifacts are signed with the Tauri CLI's own signer (the tool a release uses), with
//! a key pair made for the test; the app trusts that key through
//! `BROKERDESK_UPDATE_PUBKEY`, which only debug builds honour.
//! - An older version on the server: the app says it is up to date.
//! - A newer version signed with another key: offered, but the download is refused with
//!   a message that says why, and nothing is left to install.
//! - A newer version signed with the trusted key: offered, downloaded and verified,
//!   ready to install.
//!
//! The About dialog also shows the app and server versions and the data folder.

// The shared window harness; this file needs only part of it.
#[allow(dead_code)]
mod support;

use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::routing::get;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::{TestDatabase, TestServer};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use support::DesktopSession;

const ARTIFACT: &[u8] = b"pretend this is Brokerdesk 9.9.0 for Linux";

/// What the update server announces right now.
#[derive(Clone, Copy)]
enum Offer {
    Older,
    NewerSignedByAnotherKey,
    NewerSignedByTrustedKey,
}

#[derive(Clone)]
struct UpdateServer {
    offer: Arc<Mutex<Offer>>,
    /// The manifest paths the app asked for, to see its version and system in them.
    asked: Arc<Mutex<Vec<String>>>,
    trusted_signature: String,
    foreign_signature: String,
    address: String,
}

impl UpdateServer {
    fn announce(&self, offer: Offer) {
        *self.offer.lock().unwrap() = offer;
    }

    fn manifest(&self) -> Value {
        let (version, signature) = match *self.offer.lock().unwrap() {
            Offer::Older => ("0.0.9", self.trusted_signature.as_str()),
            Offer::NewerSignedByAnotherKey => ("9.9.0", self.foreign_signature.as_str()),
            Offer::NewerSignedByTrustedKey => ("9.9.0", self.trusted_signature.as_str()),
        };
        let entry =
            json!({ "url": format!("{}/artifact.tar.gz", self.address), "signature": signature });
        json!({
            "version": version,
            "notes": "Faster reports.",
            "pub_date": "2026-12-01T12:00:00Z",
            "platforms": {
                "linux-x86_64": entry,
                "darwin-aarch64": entry,
                "darwin-x86_64": entry,
                "windows-x86_64": entry,
            }
        })
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_newer_update_signed_with_the_trusted_key_is_accepted() {
    let keys = tempfile::tempdir().unwrap();
    let artifact = keys.path().join("artifact.tar.gz");
    std::fs::write(&artifact, ARTIFACT).unwrap();
    let (trusted_public, trusted_signature) = sign_with_new_key(keys.path(), "trusted", &artifact);
    let (_, foreign_signature) = sign_with_new_key(keys.path(), "foreign", &artifact);
    let updates = start_update_server(trusted_signature, foreign_signature).await;

    let db = TestDatabase::create().await;
    seed_demo(&db.args).await.expect("demo tenants");
    let config = db.serve_config_on_a_fixed_port();
    let server = TestServer::start(&config).await;
    let data_home = tempfile::tempdir().unwrap();
    let endpoint = format!(
        "{}/{{{{target}}}}/{{{{arch}}}}/{{{{current_version}}}}",
        updates.address
    );
    let desktop = DesktopSession::launch_with_env(
        &server.address,
        data_home.path(),
        &[
            ("BROKERDESK_UPDATE_URL", endpoint.as_str()),
            ("BROKERDESK_UPDATE_PUBKEY", trusted_public.as_str()),
        ],
    )
    .await;
    desktop.sign_in("owner@acme.test").await;
    desktop.wait_for_text("header-tenant", "Acme Realty").await;

    // At start the app asked, was offered an older version, and stays quiet about it.
    desktop.wait_for_text("open-about", "About").await;
    let asked = updates.asked.lock().unwrap().clone();
    assert!(
        asked.iter().any(|path| path.ends_with("/x86_64/0.1.0")),
        "the app asks with its system, architecture and version: {asked:?}"
    );
    desktop.click("open-about").await;
    desktop.wait_for_text("about-app-version", "0.1.0").await;
    desktop.wait_for_text("about-server-version", ".").await;
    let folder = desktop
        .wait_for_text("about-data-folder", "brokerdesk")
        .await;
    assert!(
        folder.starts_with(data_home.path().to_str().unwrap()),
        "{folder}"
    );
    desktop
        .wait_for_text("update-state", "latest version (0.1.0)")
        .await;
    desktop.click("check-for-update").await;
    desktop
        .wait_for_text("update-state", "latest version (0.1.0)")
        .await;
    desktop.screenshot("updates-01-about-up-to-date").await;

    // A newer version whose artifact another key signed: offered, never accepted.
    check_and_download(&desktop, &updates, Offer::NewerSignedByAnotherKey).await;
    desktop
        .wait_for_text("update-error", "not signed with Brokerdesk's release key")
        .await;
    let install_buttons = desktop
        .client
        .find_all(fantoccini::Locator::Css("[data-testid='install-update']"))
        .await
        .unwrap();
    assert!(
        install_buttons.is_empty(),
        "a refused download leaves nothing to install"
    );
    desktop
        .screenshot("updates-02-wrong-signature-refused")
        .await;

    // Signed with the trusted key: downloaded, verified, ready to install.
    check_and_download(&desktop, &updates, Offer::NewerSignedByTrustedKey).await;
    desktop
        .wait_for_text("update-state", "signature verified")
        .await;
    desktop.element("install-update").await;
    desktop
        .screenshot("updates-03-verified-ready-to-install")
        .await;
    desktop.close().await;
}

/// Announces `offer`, checks by hand, sees 9.9.0 offered and asks for the download.
async fn check_and_download(desktop: &DesktopSession, updates: &UpdateServer, offer: Offer) {
    updates.announce(offer);
    desktop.click("check-for-update").await;
    desktop
        .wait_for_text("update-state", "Version 9.9.0 is available")
        .await;
    desktop.click("download-update").await;
}

/// A key pair from `tauri signer generate`, and the signature `tauri signer sign` makes
/// for `file` with it: (public key, signature), both as the updater reads them.
fn sign_with_new_key(folder: &Path, name: &str, file: &Path) -> (String, String) {
    let key = folder.join(name);
    tauri_cli(&[
        "signer",
        "generate",
        "--ci",
        "-p",
        "",
        "-w",
        key.to_str().unwrap(),
    ]);
    let private = std::fs::read_to_string(&key).unwrap();
    tauri_cli(&[
        "signer",
        "sign",
        "-k",
        private.trim(),
        "-p",
        "",
        file.to_str().unwrap(),
    ]);
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let signature = std::fs::read_to_string(signature_path(file)).unwrap();
    (public.trim().to_owned(), signature.trim().to_owned())
}

fn signature_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

/// The Tauri CLI from ui/node_modules (scripts/test.sh installs it).
fn tauri_cli(args: &[&str]) {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let output = Command::new("npx")
        .current_dir(&ui)
        .arg("tauri")
        .args(args)
        .env("CI", "true")
        .output()
        .expect("npx runs the Tauri CLI");
    assert!(
        output.status.success(),
        "tauri {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

async fn start_update_server(trusted_signature: String, foreign_signature: String) -> UpdateServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let updates = UpdateServer {
        offer: Arc::new(Mutex::new(Offer::Older)),
        asked: Arc::default(),
        trusted_signature,
        foreign_signature,
        address: format!("http://{}", listener.local_addr().unwrap()),
    };
    let app = Router::new()
        .route("/artifact.tar.gz", get(|| async { ARTIFACT }))
        .fallback(get(
            |State(updates): State<UpdateServer>, uri: Uri| async move {
                updates.asked.lock().unwrap().push(uri.path().to_owned());
                axum::Json(updates.manifest())
            },
        ))
        .with_state(updates.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    updates
}
