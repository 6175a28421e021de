// Declaring the app's commands makes Tauri generate one permission per command
// (`allow-<name>`), so capabilities/ can grant exactly these and nothing more. A
// command missing from this list cannot be called from the webview at all.
const COMMANDS: &[&str] = &[
    "server_status",
    "keychain_status",
    "restore_session",
    "sign_in",
    "staff_sign_in",
    "sign_out",
    "list_users",
    "member_rows",
    "change_role",
    "deactivate_user",
    "reactivate_user",
    "list_invitations",
    "invite_user",
    "resend_invitation",
    "revoke_invitation",
    "plan_usage",
    "update_tenant",
    "audit_trail",
    "support_sessions",
    "verify_audit_trail",
    "tenant_settings",
    "save_settings",
    "provider_keys",
    "set_provider_key",
    "remove_provider_key",
    "api_keys",
    "create_api_key",
    "revoke_api_key",
    "staff_tenants",
    "open_support_session",
    "end_support_session",
    "sync_state",
    "sync_now",
    "rejected_edits",
    "dismiss_rejected_edit",
    "list_leads",
    "lead_detail",
    "create_lead",
    "update_lead",
    "bulk_update_leads",
    "call_check",
    "preview_lead_import",
    "apply_lead_import",
    "export_leads",
    "matching_lead_ids",
    "erase_lead",
    "record_consent",
    "dnc_list",
    "add_dnc",
    "remove_dnc",
];

fn main() {
    // The built UI is embedded in the binary, but tauri-build does not ask Cargo to
    // watch it: without this a UI-only change (scripts/test.sh rebuilds ui/dist) would
    // leave the end-to-end tests driving the previous UI.
    println!("cargo:rerun-if-changed=ui/dist");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build runs");
}
