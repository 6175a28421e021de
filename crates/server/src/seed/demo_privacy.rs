//! The demo privacy-request register: three requests dated from today, so the page
//! always shows one awaiting its CCPA confirmation, one GDPR answer coming due and one
//! completed. The requesters are made up.

use brokerdesk_core::ids::PrivacyRequestId;
use brokerdesk_core::privacy::{
    NewPrivacyRequest, PrivacyChannel, PrivacyLaw, PrivacyRequestChanges, PrivacyRequestKind,
    PrivacyRequestStatus,
};
use chrono::{Days, Utc};

use crate::db::TenantTx;
use crate::error::ApiError;
use crate::privacy;

/// (kind, law, name, email, channel, received days ago, status reached, notes)
type DemoRequest = (
    PrivacyRequestKind,
    PrivacyLaw,
    &'static str,
    &'static str,
    PrivacyChannel,
    u64,
    PrivacyRequestStatus,
    &'static str,
);

const REQUESTS: [DemoRequest; 3] = [
    (
        PrivacyRequestKind::Deletion,
        PrivacyLaw::Ccpa,
        "Dana Whitfield",
        "dana.whitfield@example.com",
        PrivacyChannel::WebForm,
        4,
        PrivacyRequestStatus::Received,
        "Asked through the website's privacy form to delete her details after her search ended.",
    ),
    (
        PrivacyRequestKind::Access,
        PrivacyLaw::Gdpr,
        "Lukas Brandt",
        "lukas.brandt@example.de",
        PrivacyChannel::Email,
        22,
        PrivacyRequestStatus::Confirmed,
        "Relocating from Munich; wants a copy of what we hold. Receipt confirmed by email.",
    ),
    (
        PrivacyRequestKind::Correction,
        PrivacyLaw::Ccpa,
        "Marcus Reyes",
        "marcus.reyes@example.com",
        PrivacyChannel::Phone,
        60,
        PrivacyRequestStatus::Completed,
        "Phone number was out of date; corrected on the lead.",
    ),
];

pub async fn seed(tx: &mut TenantTx) -> Result<(), ApiError> {
    let now = Utc::now();
    let today = now.date_naive();
    for (kind, law, name, email, channel, days_ago, status, notes) in REQUESTS {
        let received_on = today - Days::new(days_ago);
        let new = NewPrivacyRequest {
            kind,
            law,
            requester_name: name.into(),
            requester_email: Some(email.into()),
            channel,
            received_on,
            notes: notes.into(),
        };
        let mut request = new.into_request(PrivacyRequestId::new(), today, now)?;
        let reached = PrivacyRequestChanges {
            status: Some(status),
            notes: None,
        };
        reached.apply_to(&mut request, received_on + Days::new(days_ago / 2))?;
        privacy::insert(tx, &request).await?;
    }
    Ok(())
}
