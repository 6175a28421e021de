// Declaring the app's commands makes Tauri generate one permission per command
// (`allow-<name>`), so capabilities/ can grant exactly these and nothing more. A
// command missing from this list cannot be called from the webview at all.
const COMMANDS: &[&str] = &["server_status", "keychain_status"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build runs");
}
