//! With no keychain reachable, the client says what to do and writes nothing: it never
//! falls back to keeping secrets, or the cache, in plaintext. This file is its own test
//! binary because it points the process at a D-Bus address where nothing listens.

use brokerdesk_client::cache::{CacheError, CacheLocation, TenantCache};
use brokerdesk_client::secrets::OsKeychain;
use brokerdesk_client::status::check_keychain;
use brokerdesk_core::ids::TenantId;

#[tokio::test]
async fn no_keychain_gives_an_actionable_error_and_no_cache_file() {
    // SAFETY: this is the only test in this binary, and it sets the variable before
    // any thread that could read the environment is started.
    unsafe {
        std::env::set_var(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/brokerdesk-test-bus",
        )
    };

    let status = check_keychain(&OsKeychain);
    assert!(!status.available);
    let error = status.error.expect("an explanation");
    assert_eq!(error.code, "keychain_unavailable");
    assert!(error.message.contains("gnome-keyring"), "{}", error.message);

    let dir = tempfile::tempdir().unwrap();
    let location = CacheLocation::new(dir.path(), "http://127.0.0.1:9", TenantId::new());
    let result = TenantCache::open(location.clone(), &OsKeychain).await;
    assert!(
        matches!(result, Err(CacheError::Keychain(_))),
        "{:?}",
        result.err()
    );
    assert!(
        !location.path().exists(),
        "no cache file without a key in a keychain"
    );
}
