//! The real desktop binary, in a real window, against the real API and PostgreSQL.

mod support;

use brokerdesk_server::testing::TestApp;
use support::DesktopSession;

#[tokio::test(flavor = "multi_thread")]
async fn the_window_shows_the_server_reachable_and_notices_when_it_goes_away() {
    let server = TestApp::spawn().await;
    let desktop = DesktopSession::launch(&server.address).await;

    assert_eq!(desktop.client.title().await.unwrap(), "Brokerdesk");
    let server_row = desktop.wait_for_state("server-status", "reachable").await;
    assert!(server_row.contains("Reachable"), "{server_row}");
    assert!(
        server_row.contains(&server.address),
        "the row names the server: {server_row}"
    );
    // The Secret Service under test is real, so the keychain check must succeed.
    let keychain_row = desktop.wait_for_state("keychain-status", "available").await;
    assert!(keychain_row.contains("Secret Service"), "{keychain_row}");
    let shot = desktop.screenshot("01-server-reachable").await;
    println!("screenshot: {}", shot.display());

    // The status is measured, not assumed: stop the server and ask again.
    server.stop().await;
    desktop.click("recheck-server").await;
    let server_row = desktop.wait_for_state("server-status", "unreachable").await;
    assert!(server_row.contains("Unreachable"), "{server_row}");
    assert!(
        server_row.contains("Cannot reach"),
        "the reason is shown: {server_row}"
    );
    desktop.screenshot("02-server-unreachable").await;

    desktop.close().await;
}
