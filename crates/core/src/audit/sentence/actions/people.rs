//! Signing in, members, invitations, API keys, the tenant, its settings and support.

use super::super::told::Told;
use super::super::words::{count, possessive};
use super::super::{Action, Named};
use crate::export::LEGACY_EXPORT_ACTION;

pub(super) static ACTIONS: &[Action] = &[
    ("auth.signed_in", |t| format!("{} signed in", t.actor())),
    ("auth.signed_out", |t| format!("{} signed out", t.actor())),
    ("auth.sign_in_failed", failed_sign_in),
    ("auth.mfa_failed", |t| {
        let member = t.target(Named::Member);
        format!(
            "{} gave the right password but a wrong authenticator code for {member}",
            t.actor()
        )
    }),
    ("auth.mfa_enabled", |t| {
        format!("{} turned on two-step sign-in", t.actor())
    }),
    ("auth.mfa_disabled", |t| {
        format!("{} turned off two-step sign-in", t.actor())
    }),
    ("auth.session_revoked", |t| {
        format!("{} signed out one of their other sessions", t.actor())
    }),
    ("auth.password_changed", |t| {
        format!("{} changed their password", t.actor())
    }),
    ("auth.password_reset_requested", |t| {
        format!(
            "{} asked for a password reset link for {}",
            t.actor(),
            t.target(Named::Member)
        )
    }),
    ("auth.password_reset", |t| {
        format!("{} set a new password from a reset link", t.actor())
    }),
    ("user.role_changed", |t| {
        let member = possessive(&t.target(Named::Member));
        format!(
            "{} changed {member} role from {} to {}",
            t.actor(),
            t.label("from"),
            t.label("to")
        )
    }),
    ("user.deactivated", |t| {
        format!("{} deactivated {}", t.actor(), t.target(Named::Member))
    }),
    ("user.reactivated", |t| {
        let member = t.target(Named::Member);
        format!("{} reactivated {member} as {}", t.actor(), t.label("role"))
    }),
    ("invitation.created", |t| {
        let invited = t.target(Named::Invitation);
        format!(
            "{} invited {invited} to join as {}",
            t.actor(),
            t.label("role")
        )
    }),
    ("invitation.resent", |t| {
        format!(
            "{} sent the invitation to {} again",
            t.actor(),
            t.target(Named::Invitation)
        )
    }),
    ("invitation.revoked", |t| {
        format!(
            "{} withdrew the invitation to {}",
            t.actor(),
            t.target(Named::Invitation)
        )
    }),
    ("invitation.accepted", |t| {
        format!(
            "{} accepted an invitation and joined as {}",
            t.actor(),
            t.label("role")
        )
    }),
    ("api_key.created", |t| {
        format!("{} created the API key {}", t.actor(), api_key(t))
    }),
    ("api_key.revoked", |t| {
        format!("{} revoked the API key {}", t.actor(), api_key(t))
    }),
    ("tenant.registered", |t| {
        format!(
            "{} opened the brokerage's workspace “{}”",
            t.actor(),
            t.target_text()
        )
    }),
    (LEGACY_EXPORT_ACTION, |t| {
        format!("{} exported all of the brokerage's data", t.actor())
    }),
    ("export.started", |t| {
        format!(
            "{} started an export of all of the brokerage's data",
            t.actor()
        )
    }),
    ("export.completed", |t| {
        let rows = count(t.number("rows"), "record", "records");
        format!("The export of all data finished with {rows}")
    }),
    ("export.failed", |t| {
        let code = t.text("errorCode").unwrap_or("an error");
        format!("The export of all data failed ({code})")
    }),
    ("export.downloaded", |t| {
        format!(
            "{} downloaded the export of all of the brokerage's data",
            t.actor()
        )
    }),
    ("tenant.updated_by_staff", |t| {
        let (plan, status) = (t.label("plan"), t.label("status"));
        format!(
            "{} set the brokerage's plan to {plan} and its status to {status}",
            t.actor()
        )
    }),
    ("tenant.deletion_requested", |t| {
        format!(
            "{} asked for the brokerage and all of its data to be deleted after {} days",
            t.actor(),
            crate::tenant_deletion::GRACE_DAYS
        )
    }),
    ("tenant.deletion_cancelled", |t| {
        format!("{} cancelled the deletion of the brokerage", t.actor())
    }),
    ("tenant.deletion_held", |t| {
        format!("{} put the brokerage's deletion on hold", t.actor())
    }),
    ("tenant.deletion_hold_released", |t| {
        format!(
            "{} released the hold on the brokerage's deletion",
            t.actor()
        )
    }),
    // The platform's record of a purge: the tenant's id and counts of rows, nothing else.
    ("tenant.purged", |t| {
        format!(
            "{} deleted every row of a brokerage whose grace period had ended",
            t.actor()
        )
    }),
    ("plan.changed", |t| {
        format!(
            "{} moved the brokerage from {} to {}",
            t.actor(),
            t.label("from"),
            t.label("to")
        )
    }),
    // The register names the requester; the trail keeps the request's id only.
    ("privacy_request.recorded", |t| {
        let law = t.text("law").unwrap_or("?").to_uppercase();
        format!(
            "{} recorded a {law} {} request",
            t.actor(),
            t.text("kind").unwrap_or("privacy")
        )
    }),
    ("privacy_request.updated", |t| match t.text("status") {
        Some(status) => format!("{} marked a privacy request {status}", t.actor()),
        None => format!("{} changed a privacy request's notes", t.actor()),
    }),
    ("privacy_request.action_linked", |t| {
        format!(
            "{} linked entry #{} to a privacy request",
            t.actor(),
            t.number("auditSeq")
        )
    }),
    ("support.session_opened", |t| {
        format!("{} opened a support session", t.actor())
    }),
    ("support.session_ended", |t| {
        format!("{} ended a support session", t.actor())
    }),
    ("staff.signed_in", |t| {
        format!("{} signed in to the staff console", t.actor())
    }),
    ("settings.updated", |t| {
        format!("{} changed the {} settings", t.actor(), t.fields("fields"))
    }),
    ("provider_key.set", |t| {
        format!("{} saved the {} key", t.actor(), provider(t))
    }),
    ("provider_key.removed", |t| {
        format!("{} removed the {} key", t.actor(), provider(t))
    }),
    ("custom_domain.claimed", |t| {
        format!("{} added the custom domain {}", t.actor(), t.target_text())
    }),
    ("custom_domain.verified", |t| {
        format!(
            "{} verified the custom domain {}",
            t.actor(),
            t.target_text()
        )
    }),
    ("custom_domain.removed", |t| {
        format!(
            "{} removed the custom domain {}",
            t.actor(),
            t.target_text()
        )
    }),
];

/// A known account is the target; of an address nobody has, only its domain was kept.
fn failed_sign_in(t: &Told) -> String {
    if t.target_text().is_empty() {
        match t.text("emailDomain") {
            Some(domain) => {
                format!("Someone failed to sign in with an unknown address at {domain}")
            }
            None => "Someone failed to sign in with an address that is not valid".to_owned(),
        }
    } else {
        format!("Someone failed to sign in as {}", t.target(Named::Member))
    }
}

/// Today's name of the key, else the name the entry kept (keys are not personal data).
fn api_key(t: &Told) -> String {
    let today = t.today(Named::ApiKey, t.target_text());
    match today.or_else(|| t.text("name").map(str::to_owned)) {
        Some(name) => format!("“{name}”"),
        None => Named::ApiKey.gone().to_owned(),
    }
}

fn provider(t: &Told) -> &'static str {
    match t.target_text() {
        "openai" => "OpenAI",
        "anthropic" => "Anthropic",
        "elevenlabs" => "ElevenLabs",
        "twilio" => "Twilio",
        "vapi" => "Vapi",
        _ => "provider",
    }
}
