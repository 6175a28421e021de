//! Comparing the TypeScript that ts-rs renders from Rust types with the files the UI
//! imports from `ui/src/bindings/`, for every crate whose types reach the UI (core's
//! and the client's bindings tests). Test tooling, so it touches files; it is compiled
//! only for those tests.

use std::path::PathBuf;
use ts_rs::TS;

/// One binding file: its name and the TypeScript it should hold.
pub fn render<T: TS + 'static>() -> (String, String) {
    let text = T::export_to_string().expect("ts-rs renders the type");
    // The identifier leaves out generic parameters: `Edited.ts`, not `Edited<Dummy>.ts`.
    (format!("{}.ts", T::ident()), text)
}

/// Fails, naming the files, when any of `files` differs from what is committed; with
/// `UPDATE_BINDINGS` set it writes them instead. `package` goes into the hint.
pub fn check_or_update(files: Vec<(String, String)>, package: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let mut drifted = Vec::new();
    for (file, text) in files {
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
        "ui/src/bindings is out of date for {drifted:?}; run `UPDATE_BINDINGS=1 cargo test -p {package} bindings` and commit the result"
    );
}
