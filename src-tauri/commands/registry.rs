// The app's commands, by domain module under commands/: the one place they are listed.
// commands/mod.rs expands it into the modules and the invoke handler (tauri's
// `generate_handler!`); build.rs expands it into the commands Tauri makes permissions
// for (`AppManifest`) and into capabilities/main-window.json, which grants them all.
// A module of commands is one line here: `module: command, command;`.
app_commands! {
    system: server_status, keychain_status;
    about: about_info, check_for_update, download_update, install_update;
    auth: restore_session, sign_in, staff_sign_in, sign_out;
    members: list_users, member_rows, change_role, deactivate_user, reactivate_user,
        list_invitations, invite_user, resend_invitation, revoke_invitation;
    plan: plan_usage, plan_options, change_plan, update_tenant;
    deletion: tenant_deletion, request_tenant_deletion, cancel_tenant_deletion, pending_deletions,
        hold_deletion, release_deletion_hold;
    audit: audit_trail, support_sessions, verify_audit_trail;
    settings: tenant_settings, save_settings, provider_keys, set_provider_key,
        remove_provider_key, api_keys, create_api_key, revoke_api_key;
    staff: staff_tenants, open_support_session, end_support_session;
    sync: sync_state, sync_now;
    edits: rejected_edits, dismiss_rejected_edit;
    leads: list_leads, lead_detail, create_lead, update_lead, bulk_update_leads, call_check,
        preview_lead_import, apply_lead_import, export_leads, matching_lead_ids, erase_lead,
        record_consent, dnc_list, add_dnc, remove_dnc;
    roster: roster_rows, add_roster_agent, edit_roster_agent;
    transactions: transaction_rows, transaction_detail, edit_transaction, preview_dotloop_import,
        apply_dotloop_import, open_in_dotloop, create_transaction;
    dotloop: dotloop_status, connect_dotloop, sync_dotloop, disconnect_dotloop;
    commissions: production_report, cap_progress_report, tax_1099_report, agent_statement;
    reports: report_view, report_charts, report_drilldown, export_report;
    overview: home_overview;
    privacy: privacy_requests, record_privacy_request, change_privacy_request,
        link_privacy_action;
    retention: retention_policies, retention_dry_run, set_retention_policy, legal_holds,
        set_legal_hold, release_legal_hold;
    export: start_export, export_jobs, export_job, save_export;
    commission_plans: commission_plans, plan_assignments, add_commission_plan, set_plan_versions,
        assign_plan, unassign_plan, simulate_plan;
    commission_overrides: commission_overrides, set_commission_override,
        remove_commission_override;
    kb: kb_items, kb_lint, kb_add_item, kb_save_draft, kb_upload, kb_import_url, kb_refetch,
        kb_publish, kb_unpublish, kb_delete, kb_versions, kb_diff, kb_restore, kb_console,
        kb_unanswered, kb_answer_unanswered;
}
