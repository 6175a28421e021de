//! Sessions against the real API: the MFA step, silent restore with a rotating refresh
//! token, sign-out that crypto-shreds, support sessions with an ephemeral cache, and the
//! whole round trip once with the real OS keychain (Secret Service).

mod support;

use brokerdesk_client::secrets::{MemorySecretStore, OsKeychain, SecretStore};
use brokerdesk_client::session::{SessionError, SessionManager};
use brokerdesk_client::sync::{EngineConfig, SyncEngine};
use brokerdesk_core::identity::{OpenSupportSessionRequest, SignInRequest, StaffSignInRequest};
use brokerdesk_core::leads::LeadChanges;
use brokerdesk_server::sealed::MasterKey;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo, seed_demo_staff};
use brokerdesk_server::staff::{DEMO_STAFF_EMAIL, DEMO_STAFF_SEED};
use brokerdesk_server::testing::{TEST_MASTER_KEY, TestApp};
use serde_json::json;
use std::sync::Arc;
use totp_rs::{Algorithm, Secret, TOTP};

const PASSWORD: &str = "copper-lantern-orbit-meadow";

fn totp(seed: Vec<u8>) -> TOTP {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        seed,
        Some("Brokerdesk".into()),
        "x".into(),
    )
    .unwrap()
}

fn sign_in_request(
    tenant: &str,
    email: &str,
    password: &str,
    code: Option<String>,
) -> SignInRequest {
    SignInRequest {
        tenant: tenant.into(),
        email: email.into(),
        password: password.into(),
        mfa_code: code,
    }
}

/// Signs in with the MFA step, restores silently, syncs, signs out: `secrets` ends empty.
async fn round_trip(secrets: Arc<dyn SecretStore>) {
    let app = TestApp::spawn().await;
    let owner = app.register("mfa").await;
    let enrolment = app
        .post("/v1/me/mfa/enrol", &owner.access_token, None)
        .await;
    let phone = totp(
        Secret::Encoded(enrolment.body["secret"].as_str().unwrap().into())
            .to_bytes()
            .unwrap(),
    );
    let confirmed = app
        .post(
            "/v1/me/mfa/confirm",
            &owner.access_token,
            Some(json!({ "code": phone.generate_current().unwrap() })),
        )
        .await;
    let recovery = confirmed.body["codes"][0].as_str().unwrap().to_owned();

    let dir = tempfile::tempdir().unwrap();
    let sessions = SessionManager::new(dir.path(), secrets.clone());
    let without_code = sign_in_request("mfa", "owner@mfa.test", PASSWORD, None);
    let error = sessions
        .sign_in(&app.address, &without_code)
        .await
        .err()
        .unwrap();
    assert!(matches!(error, SessionError::MfaRequired), "{error}");
    let with_code = sign_in_request("mfa", "owner@mfa.test", PASSWORD, Some(recovery));
    let session = sessions.sign_in(&app.address, &with_code).await.unwrap();
    let account = session.account().clone();
    assert_eq!(account.subdomain, "mfa");
    let refresh_key = account.refresh_key();
    let first_refresh = secrets
        .get(&refresh_key)
        .unwrap()
        .expect("refresh token in the keychain");

    // A later start (a new process) restores without asking; the token rotates.
    let later = SessionManager::new(dir.path(), secrets.clone());
    let restored = later.restore_current().await.unwrap().expect("restored");
    let rotated = secrets.get(&refresh_key).unwrap().unwrap();
    assert_ne!(rotated, first_refresh);
    let (engine, _) = SyncEngine::open(later.clone(), restored.clone(), EngineConfig::default())
        .await
        .unwrap();
    let lead = LeadChanges {
        name: Some("Sally Session".into()),
        ..LeadChanges::default()
    };
    engine.store().create_lead(lead).await.unwrap();
    engine.sync_once().await.unwrap();
    engine.close().await;

    let location = account.cache_location(dir.path());
    assert!(location.path().exists());
    later.sign_out(&restored).await.unwrap();
    assert!(!location.path().exists(), "the cache file is shredded");
    assert_eq!(
        secrets.get(location.key_name()).unwrap(),
        None,
        "and its key"
    );
    assert_eq!(
        secrets.get(&refresh_key).unwrap(),
        None,
        "and the refresh token"
    );
    assert!(later.accounts().unwrap().is_empty());
    let reuse = app.refresh(&rotated).await;
    assert_eq!(
        reuse.status,
        reqwest::StatusCode::UNAUTHORIZED,
        "the server session ended"
    );
}

#[tokio::test]
async fn sign_in_with_mfa_restore_and_sign_out_with_an_in_memory_keychain() {
    round_trip(Arc::new(MemorySecretStore::default())).await;
}

#[tokio::test]
async fn sign_in_restore_and_sign_out_with_the_real_os_keychain() {
    round_trip(Arc::new(OsKeychain)).await;
}

#[tokio::test]
async fn a_support_session_cache_is_deleted_when_the_session_closes() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    seed_demo_staff(
        &app.db.args,
        &MasterKey::from_base64(TEST_MASTER_KEY).unwrap(),
    )
    .await
    .unwrap();
    let member = support::Device::demo(&app.address, "acme", "owner@acme.test").await;
    let tenant_id = member.session.account().tenant_id;

    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecretStore::default());
    let sessions = SessionManager::new(dir.path(), secrets.clone());
    let staff = StaffSignInRequest {
        email: DEMO_STAFF_EMAIL.into(),
        password: DEMO_PASSWORD.into(),
        mfa_code: totp(DEMO_STAFF_SEED.to_vec()).generate_current().unwrap(),
    };
    let request = OpenSupportSessionRequest {
        tenant_id,
        reason: "Customer asked why a lead is missing".into(),
        ticket: Some("T-42".into()),
    };
    let session = sessions
        .open_support(&app.address, &staff, &request)
        .await
        .unwrap();
    let account = session.account().clone();
    assert!(account.support.is_some());
    let (engine, _) = SyncEngine::open(sessions.clone(), session.clone(), EngineConfig::default())
        .await
        .unwrap();
    engine.sync_once().await.unwrap();
    engine.close().await;
    let location = account.cache_location(dir.path());
    assert!(location.path().exists());
    assert_ne!(
        location.path(),
        member.session.account().cache_location(dir.path()).path(),
        "never the member's cache"
    );

    // A later run (the CLI's `support close`) finds the session and ends it.
    let later = SessionManager::new(dir.path(), secrets.clone());
    let restored = later.restore_current().await.unwrap().unwrap();
    later.close_support(&restored).await.unwrap();
    assert!(!location.path().exists(), "the ephemeral cache is gone");
    assert_eq!(secrets.get(location.key_name()).unwrap(), None);
    assert!(later.accounts().unwrap().is_empty());
    let token = member.session.access_token().await.unwrap();
    let sessions_seen = app.get("/v1/support-sessions", &token).await;
    assert!(
        sessions_seen.body[0]["endedAt"].is_string(),
        "{:?}",
        sessions_seen.body
    );
}
