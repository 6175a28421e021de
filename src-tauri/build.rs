// Declaring the app's commands makes Tauri generate one permission per command
// (`allow-<name>`), so capabilities/ can grant exactly these and nothing more. A
// command missing from the list cannot be called from the webview at all. The list is
// commands/registry.rs, which lib.rs reads too.
macro_rules! app_commands {
    ($($module:ident: $($command:ident),+;)*) => {
        const COMMANDS: &[&str] = &[$($(stringify!($command),)+)*];
    };
}

include!("commands/registry.rs");

const CAPABILITY: &str = "capabilities/main-window.json";
/// What the window may do besides calling the app's commands: listen to its events.
const EVENT_PERMISSIONS: [&str; 2] = ["core:event:allow-listen", "core:event:allow-unlisten"];

/// capabilities/main-window.json as the command list makes it: every command, and
/// listening to events; nothing else.
fn capability() -> String {
    let permissions: Vec<String> = EVENT_PERMISSIONS
        .iter()
        .map(|p| p.to_string())
        .chain(
            COMMANDS
                .iter()
                .map(|c| format!("allow-{}", c.replace('_', "-"))),
        )
        .map(|p| format!("    \"{p}\""))
        .collect();
    format!(
        r#"{{
  "$schema": "../target/schemas/desktop-schema.json",
  "identifier": "main-window",
  "description": "What the main window's webview may call: the app's own commands, and listening to the events the app sends (sync state, a session ending); nothing else. No filesystem, shell, HTTP or other plugin access is granted.",
  "windows": [
    "main"
  ],
  "permissions": [
{}
  ]
}}
"#,
        permissions.join(",\n")
    )
}

fn main() {
    // The built UI is embedded in the binary, but tauri-build does not ask Cargo to
    // watch it: without this a UI-only change (scripts/test.sh rebuilds ui/dist) would
    // leave the end-to-end tests driving the previous UI.
    println!("cargo:rerun-if-changed=ui/dist");
    println!("cargo:rerun-if-changed=src-tauri/commands/registry.rs");
    // Generated, and written only when it changed, before tauri-build reads it.
    let capability = capability();
    if std::fs::read_to_string(CAPABILITY).ok().as_deref() != Some(capability.as_str()) {
        std::fs::write(CAPABILITY, capability).expect("capabilities/ is writable");
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build runs");
}
