//! The real OS keychain (Secret Service on Linux). scripts/test.sh runs the suite under
//! a private D-Bus session with an unlocked gnome-keyring, so these tests talk to the
//! same keychain a user's desktop would.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::{OsKeychain, SecretStore};
use brokerdesk_client::status::check_keychain;
use brokerdesk_core::ids::TenantId;

#[test]
fn the_os_keychain_is_available_and_round_trips_a_secret() {
    let status = check_keychain(&OsKeychain);
    assert!(status.available, "keychain unavailable: {:?}", status.error);
    let name = format!("test-{}", uuid::Uuid::new_v4());
    OsKeychain.set(&name, "s3cret").unwrap();
    assert_eq!(OsKeychain.get(&name).unwrap().as_deref(), Some("s3cret"));
    OsKeychain.delete(&name).unwrap();
    assert_eq!(OsKeychain.get(&name).unwrap(), None);
}

#[tokio::test]
async fn a_cache_key_lives_in_the_os_keychain_and_is_shredded_with_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let location = CacheLocation::new(dir.path(), "http://127.0.0.1:9", TenantId::new());
    let cache = TenantCache::open(location.clone(), &OsKeychain)
        .await
        .unwrap();
    let key = OsKeychain
        .get(location.key_name())
        .unwrap()
        .expect("the key is in the keychain");
    assert_eq!(key.len(), 64);
    cache.close().await;

    // The key in the keychain is the one that opens the file.
    let cache = TenantCache::open(location.clone(), &OsKeychain)
        .await
        .unwrap();
    cache.shred(&OsKeychain).await.unwrap();
    assert!(!location.path().exists());
    assert_eq!(OsKeychain.get(location.key_name()).unwrap(), None);
}
