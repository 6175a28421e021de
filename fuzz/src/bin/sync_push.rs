//! The sync push decoder: a push body as the server reads it (`PushRequest`), then each
//! mutation's changes as the entity's decoder reads them (leads, consent entries,
//! do-not-call entries, members, settings), with the normalisation a lead or a consent
//! entry gets before it is written.

use brokerdesk_core::admin_edit::{MemberChanges, SettingsChanges};
use brokerdesk_core::leads::consent::{NewConsent, NewDncEntry};
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::{Lead, LeadChanges};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::PushRequest;
use brokerdesk_fuzz::{Target, fuzz};

fn run(input: &[u8]) {
    let Ok(push) = serde_json::from_slice::<PushRequest>(input) else {
        return;
    };
    let now = chrono::Utc::now();
    for mutation in &push.mutations {
        let changes = &mutation.changes;
        match mutation.entity {
            SyncEntity::Lead => {
                if let Ok(lead) = LeadChanges::from_json(changes).and_then(LeadChanges::normalised)
                {
                    let _ = Lead::create(LeadId::new(), &lead, now);
                    assert_eq!(
                        lead.clone().normalised().ok(),
                        Some(lead),
                        "normalising twice differs"
                    );
                }
            }
            SyncEntity::Consent => {
                if let Ok((_, consent)) = NewConsent::from_mutation_changes(changes) {
                    let _ = consent.normalised(now);
                }
            }
            SyncEntity::DncEntry => {
                let value = serde_json::Value::Object(changes.clone());
                if let Ok(entry) = serde_json::from_value::<NewDncEntry>(value) {
                    let _ = entry.normalised();
                }
            }
            SyncEntity::User => {
                let _ = MemberChanges::from_json(changes);
            }
            SyncEntity::Settings => {
                let _ = SettingsChanges::from_json(changes);
            }
            _ => {}
        }
    }
}

fn main() {
    fuzz(Target {
        name: "sync_push",
        tokens: vec![
            "\"deviceId\":",
            "\"mutations\":",
            "\"mutationId\":",
            "\"entity\":",
            "\"op\":",
            "\"entityId\":",
            "\"changes\":",
            "\"baseVersion\":",
            "\"lead\"",
            "\"consent\"",
            "\"dnc_entry\"",
            "\"user\"",
            "\"settings\"",
            "\"create\"",
            "\"update\"",
            "\"delete\"",
            "\"name\":",
            "\"emails\":",
            "\"phones\":",
            "\"stage\":",
            "\"budgetMin\":",
            "\"budgetMax\":",
            "\"preferences\":",
            "\"tags\":",
            "\"timeZone\":",
            "\"role\":",
            "\"status\":",
            "\"channel\":",
            "\"action\":",
            "\"written\":",
            "\"covers\":",
            "\"phone\":",
            "\"reason\":",
            "\"callingWindow\":",
            "\"leadId\":",
            "\"0190f1d2-7c1e-7a3b-9c4d-5e6f708192a3\"",
            "null",
            "true",
            "[",
            "]",
            "{",
            "}",
            ",",
            "\"+14155550101\"",
            "1e308",
            "-0",
            "12345678901234567890",
            "\"\\u0000\"",
        ],
        run,
    });
}
