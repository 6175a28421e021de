//! The desktop's side of the tenant export against a real server: start it, follow it to
//! completion, and stream the ZIP to a file that matches the server's checksum; a copy
//! that does not match is not kept.

use std::time::Duration;

use brokerdesk_client::api::ApiClient;
use brokerdesk_client::export::api::DownloadError;
use brokerdesk_core::export::{ExportJob, ExportStatus};
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use sha2::{Digest, Sha256};

#[tokio::test]
async fn an_export_is_followed_to_completion_and_streamed_to_a_checked_file() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);
    let client = ApiClient::new(&app.address).unwrap();
    let api = client.authorised(&owner.access_token);

    let started = api.start_export().await.unwrap();
    let mut job: ExportJob = started.clone();
    for _ in 0..300 {
        job = api.export_job(started.id).await.unwrap();
        if !job.status.is_active() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(job.status, ExportStatus::Completed, "{job:?}");
    assert_eq!(api.exports().await.unwrap()[0].id, job.id);

    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("acme export.zip");
    let mut seen = Vec::new();
    let bytes = api
        .download_export(&job, &to, |done, size| seen.push((done, size)))
        .await
        .unwrap();
    let content = std::fs::read(&to).unwrap();
    assert_eq!(bytes, content.len() as u64);
    assert_eq!(Some(bytes as i64), job.file_bytes);
    assert_eq!(
        job.sha256.as_deref(),
        Some(hex::encode(Sha256::digest(&content)).as_str())
    );
    assert_eq!(seen.last(), Some(&(bytes, Some(bytes))));
    assert!(content.starts_with(b"PK"), "a ZIP");

    // A copy that does not match the checksum never lands, and leaves nothing behind.
    let wrong = ExportJob {
        sha256: Some("0".repeat(64)),
        ..job.clone()
    };
    let elsewhere = dir.path().join("broken.zip");
    let refused = api.download_export(&wrong, &elsewhere, |_, _| {}).await;
    assert!(
        matches!(refused, Err(DownloadError::Corrupt)),
        "{refused:?}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [std::ffi::OsString::from("acme export.zip")]);
}
