//! The desktop UI's TypeScript types are generated from these Rust types by ts-rs and
//! committed under `ui/src/bindings/`. This test fails when the two drift apart; run it
//! with `UPDATE_BINDINGS=1` to rewrite the files.

use std::path::PathBuf;
use ts_rs::TS;

use crate::app_status::{KeychainStatus, ServerStatus};
use crate::error::ErrorBody;
use crate::health::{ComponentState, HealthReport};
use crate::role::Role;
use crate::tenant::{PlanTier, TenantStatus};

fn bindings_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings")
}

/// Every type the UI consumes, as (file name, generated TypeScript).
fn generated() -> Vec<(String, String)> {
    fn one<T: TS + 'static>() -> (String, String) {
        let text = T::export_to_string().expect("ts-rs renders the type");
        (format!("{}.ts", T::name()), text)
    }
    vec![
        one::<ErrorBody>(),
        one::<ServerStatus>(),
        one::<KeychainStatus>(),
        one::<HealthReport>(),
        one::<ComponentState>(),
        one::<Role>(),
        one::<TenantStatus>(),
        one::<PlanTier>(),
    ]
}

#[test]
fn ui_bindings_match_rust_types() {
    let dir = bindings_dir();
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let mut drifted = Vec::new();
    for (file, text) in generated() {
        let path = dir.join(&file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            drifted.push(file);
        }
    }
    assert!(
        drifted.is_empty(),
        "ui/src/bindings is out of date for {drifted:?}; run `UPDATE_BINDINGS=1 cargo test -p brokerdesk-core bindings` and commit the result"
    );
}
