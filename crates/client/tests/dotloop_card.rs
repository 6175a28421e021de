//! The Settings card's Dotloop calls from the desktop client, against the real API wired
//! to the fake Dotloop: the status before and after connecting (through the authorize
//! URL the client accepts and the browser flow), "Sync now", disconnecting; the status
//! kept in the real SQLCipher cache for offline use; and who may do any of it.

mod support;

use brokerdesk_client::dotloop::card::{last_seen, seen_live};
use brokerdesk_client::dotloop::connect::authorize_url;
use brokerdesk_server::testing::fake_dotloop::{DotloopTestApp, LOOP_COUNT};
use support::Device;

#[tokio::test]
async fn an_owner_connects_syncs_and_disconnects_and_the_last_status_stays_for_offline_use() {
    let t = DotloopTestApp::spawn().await;
    let owner = Device::demo(&t.app.address, "acme", "owner@acme.test").await;
    let token = owner.session.access_token().await.unwrap();
    let api = owner.session.api().authorised(&token);
    let store = owner.engine.store();
    assert!(
        last_seen(store).await.unwrap().is_none(),
        "nothing seen yet"
    );

    let before = seen_live(store, api.dotloop_status().await.unwrap()).await;
    assert!(before.status.configured && !before.status.connected);
    assert!(!before.offline);

    let started = api.start_dotloop_connect().await.unwrap();
    let url = authorize_url(&started.authorize_url).expect("the fake's loopback URL is opened");
    let seen = t.browse(url.as_str()).await;
    assert!(seen.page.contains("Connected to Dotloop"), "{}", seen.page);
    let first = t.wait_for_run(&token).await;
    assert_eq!(first["status"], "succeeded", "{first}");

    let connected = api.dotloop_status().await.unwrap();
    assert!(connected.connected && !connected.needs_reconnect());
    let account = connected.account.clone().unwrap();
    assert_eq!(account.name.as_deref(), Some("Acme Realty"));
    let success = connected.last_successful_run.clone().unwrap();
    assert_eq!(success.created, LOOP_COUNT as i64);
    let kept = seen_live(store, connected.clone()).await;

    let offline = last_seen(store).await.unwrap().expect("kept in the cache");
    assert!(offline.offline, "marked as read from this computer");
    assert_eq!(offline.status, connected);
    assert_eq!(offline.seen_at, kept.seen_at, "with the time it was seen");

    let run = api.sync_dotloop().await.unwrap();
    let second = t.wait_for_run(&token).await;
    assert_eq!(second["id"], run.run_id.to_string());
    // Incremental: nothing changed in Dotloop since the first run, so nothing to bring.
    assert_eq!(second["status"], "succeeded", "{second}");
    assert_eq!(second["created"], 0, "{second}");

    let gone = api.disconnect_dotloop().await.unwrap();
    assert!(gone.revoked);
    let after = api.dotloop_status().await.unwrap();
    assert!(!after.connected && after.account.is_none());
    let again = api.disconnect_dotloop().await.unwrap_err();
    assert_eq!(again.code(), "dotloop_not_connected");
}

#[tokio::test]
async fn an_agent_may_not_read_or_run_the_connection() {
    let t = DotloopTestApp::spawn().await;
    let agent = Device::demo(&t.app.address, "acme", "agent@acme.test").await;
    let token = agent.session.access_token().await.unwrap();
    let api = agent.session.api().authorised(&token);
    assert_eq!(api.dotloop_status().await.unwrap_err().code(), "forbidden");
    assert_eq!(
        api.start_dotloop_connect().await.unwrap_err().code(),
        "forbidden"
    );
    assert_eq!(api.sync_dotloop().await.unwrap_err().code(), "forbidden");
    assert_eq!(
        api.disconnect_dotloop().await.unwrap_err().code(),
        "forbidden"
    );
}
