//! Demo leads for a demo tenant: one with written consent, a chatbot conversation and an
//! AI call; one who withdrew consent and whose number is on the do-not-call list; one
//! assigned to the tenant's agent. Written through the lead operations, as an
//! integration would.

use brokerdesk_core::ids::{LeadId, UserId};
use brokerdesk_core::leads::activity::{
    CallDirection, CallOutcome, ConversationMessage, MessageRole, NewCall, NewConversation,
};
use brokerdesk_core::leads::consent::{
    ConsentAction, ConsentChannel, ConsentEvidence, NewConsent, NewDncEntry,
};
use brokerdesk_core::leads::{LeadChanges, LeadPreferences, LeadSource, LeadStage};
use chrono::{Duration, Utc};
use rust_decimal::Decimal;

use crate::error::ApiError;
use crate::leads::actor::SystemActor;
use crate::leads::{self, WriteOrigin, activity, consent};

const CONSENT_TEXT: &str = "By submitting this form I agree that the brokerage may call me at the number above, \
     including with automated or AI-generated voice, about homes for sale. Consent is not a condition of purchase.";

fn changes(
    name: &str,
    email: &str,
    phone: &str,
    stage: LeadStage,
    source: LeadSource,
) -> LeadChanges {
    LeadChanges {
        name: Some(name.into()),
        emails: Some(vec![email.into()]),
        phones: Some(vec![phone.into()]),
        stage: Some(stage),
        source: Some(source),
        ..LeadChanges::default()
    }
}

fn call_consent(phone: &str, action: ConsentAction, text: &str) -> NewConsent {
    NewConsent {
        channel: ConsentChannel::Call,
        action,
        written: action == ConsentAction::Granted,
        covers: phone.into(),
        text: text.into(),
        captured_at: Some(Utc::now() - Duration::days(3)),
        captured_where: Some("https://example.test/contact".into()),
        evidence: ConsentEvidence {
            ip: Some("203.0.113.7".into()),
            user_agent: Some("Mozilla/5.0 (demo)".into()),
        },
    }
}

pub async fn seed(actor: &mut SystemActor, agent: Option<UserId>) -> Result<(), ApiError> {
    let maya_phone = "+14155550142";
    let maya = LeadChanges {
        budget_min: Some(Some(Decimal::new(650_000, 0))),
        budget_max: Some(Some(Decimal::new(850_000, 0))),
        preferences: Some(LeadPreferences {
            areas: vec!["Noe Valley".into(), "Bernal Heights".into()],
            property_type: Some("Single family".into()),
            beds: Some(3),
            baths: Some(Decimal::new(2, 0)),
            timeframe: Some("this spring".into()),
        }),
        tags: Some(vec!["buyer".into(), "pre-approved".into()]),
        notes: Some("Found us through the website chatbot.".into()),
        time_zone: Some(Some("America/Los_Angeles".into())),
        ..changes(
            "Maya Chen",
            "maya.chen@example.test",
            maya_phone,
            LeadStage::Qualified,
            LeadSource::Chatbot,
        )
    };
    let maya = leads::create(actor, LeadId::new(), maya, WriteOrigin::DIRECT).await?;
    consent::record(
        actor,
        maya.id,
        vec![call_consent(
            maya_phone,
            ConsentAction::Granted,
            CONSENT_TEXT,
        )],
    )
    .await?;
    let started = Utc::now() - Duration::days(3);
    let message = |role, text: &str, minutes| ConversationMessage {
        role,
        text: text.into(),
        at: started + Duration::minutes(minutes),
    };
    activity::add_conversation(
        actor,
        maya.id,
        NewConversation {
            started_at: started,
            messages: vec![
                message(
                    MessageRole::Assistant,
                    "Hi! Are you looking to buy or sell?",
                    0,
                ),
                message(
                    MessageRole::Lead,
                    "Buy. A 3-bed in Noe Valley, up to 850k.",
                    1,
                ),
                message(
                    MessageRole::Assistant,
                    "Great. May we call you to set up viewings?",
                    2,
                ),
                message(MessageRole::Lead, "Yes, afternoons are best.", 3),
            ],
        },
    )
    .await?;
    activity::add_call(
        actor,
        maya.id,
        NewCall {
            direction: CallDirection::Outbound,
            phone: maya_phone.into(),
            started_at: started + Duration::days(1),
            duration_secs: 264,
            outcome: CallOutcome::Answered,
            recording_ref: Some("rec_demo_0001".into()),
            transcript_summary: Some(
                "Confirmed budget and areas; booked a Saturday viewing.".into(),
            ),
        },
    )
    .await?;

    let omar_phone = "+13125550187";
    let omar = changes(
        "Omar Haddad",
        "omar.h@example.test",
        omar_phone,
        LeadStage::Nurture,
        LeadSource::AiCall,
    );
    let omar = leads::create(actor, LeadId::new(), omar, WriteOrigin::DIRECT).await?;
    consent::record(
        actor,
        omar.id,
        vec![
            call_consent(omar_phone, ConsentAction::Granted, CONSENT_TEXT),
            NewConsent {
                captured_at: Some(Utc::now() - Duration::days(1)),
                ..call_consent(
                    omar_phone,
                    ConsentAction::Revoked,
                    "Please stop calling me.",
                )
            },
        ],
    )
    .await?;
    consent::dnc_add(
        actor,
        NewDncEntry {
            phone: omar_phone.into(),
            reason: Some("Asked on a call not to be called again.".into()),
        },
    )
    .await?;

    let mut lena = changes(
        "Lena Novak",
        "lena.novak@example.test",
        "+16465550113",
        LeadStage::New,
        LeadSource::WebForm,
    );
    lena.assigned_agent = Some(agent);
    lena.tags = Some(vec!["seller".into()]);
    leads::create(actor, LeadId::new(), lena, WriteOrigin::DIRECT).await?;
    Ok(())
}
