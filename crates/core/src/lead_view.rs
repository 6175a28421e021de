//! What the desktop's lead screens show: a lead with the state of its local edits, the
//! detail with its timeline, and the answers of bulk edits and exports. The client
//! builds these from the encrypted cache; the UI gets them as generated types.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::AuditEntry;
use crate::consent::ConsentEntry;
use crate::ids::LeadId;
use crate::lead::{Lead, LeadField, LeadSource, LeadStage};
use crate::lead_activity::{CallRecord, Conversation, LeadActivity};

/// Where a lead's local edits stand. A refused edit wins over a pending one: it needs
/// the user's attention, while a pending one only needs the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EditState {
    Synced,
    /// Edited (or created) here, not yet accepted by the server.
    Pending,
    /// The server refused an edit; the lead shows the server's copy again.
    Rejected,
}

/// An edit of this lead the server refused, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeadRejection {
    pub code: String,
    pub message: String,
    /// The fields the refused edit tried to change (wire names).
    pub fields: Vec<String>,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

/// A row of the lead table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeadRow {
    pub lead: Lead,
    pub edit: EditState,
}

/// A page of the lead table; `next_cursor` goes back as the query's `after`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeadRowPage {
    pub rows: Vec<LeadRow>,
    pub next_cursor: Option<String>,
}

/// One line of a lead's timeline, newest first in [`timeline`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimelineItem {
    Created {
        #[ts(type = "string")]
        at: DateTime<Utc>,
        source: LeadSource,
    },
    Conversation {
        #[ts(type = "string")]
        at: DateTime<Utc>,
        conversation: Conversation,
    },
    Call {
        #[ts(type = "string")]
        at: DateTime<Utc>,
        call: CallRecord,
    },
    /// A stage change. The server's audit trail records who changed the stage and
    /// when, but not the value, so `to` is known only for edits made here.
    StageChanged {
        #[ts(type = "string")]
        at: DateTime<Utc>,
        by: Option<String>,
        to: Option<LeadStage>,
        pending: bool,
    },
    NotesChanged {
        #[ts(type = "string")]
        at: DateTime<Utc>,
        by: Option<String>,
        pending: bool,
    },
}

impl TimelineItem {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            TimelineItem::Created { at, .. }
            | TimelineItem::Conversation { at, .. }
            | TimelineItem::Call { at, .. }
            | TimelineItem::StageChanged { at, .. }
            | TimelineItem::NotesChanged { at, .. } => *at,
        }
    }
}

/// A local edit of the lead still waiting in the outbox: when, and what it sets.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingChange {
    pub at: DateTime<Utc>,
    pub changes: serde_json::Map<String, serde_json::Value>,
}

/// Everything the detail view shows of one lead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeadDetail {
    pub lead: Lead,
    pub edit: EditState,
    pub rejections: Vec<LeadRejection>,
    pub consents: Vec<ConsentEntry>,
    pub timeline: Vec<TimelineItem>,
}

/// The lead's timeline, newest first: its creation, conversations and calls, the stage
/// and notes changes the audit trail recorded (`audit` holds the lead's `lead.updated`
/// entries, empty for roles that do not sync the trail), and the edits still pending.
pub fn timeline(
    lead: &Lead,
    activity: LeadActivity,
    audit: &[AuditEntry],
    pending: &[PendingChange],
) -> Vec<TimelineItem> {
    let mut items = vec![TimelineItem::Created {
        at: lead.created_at,
        source: lead.source,
    }];
    items.extend(
        activity
            .conversations
            .into_iter()
            .map(|c| TimelineItem::Conversation {
                at: c.started_at,
                conversation: c,
            }),
    );
    items.extend(activity.calls.into_iter().map(|c| TimelineItem::Call {
        at: c.started_at,
        call: c,
    }));
    for entry in audit.iter().filter(|e| e.action == "lead.updated") {
        let touched = |field: LeadField| {
            entry.details["fields"]
                .as_array()
                .is_some_and(|fields| fields.iter().any(|f| f == field.as_str()))
        };
        let by = Some(entry.actor.display.clone());
        if touched(LeadField::Stage) {
            items.push(TimelineItem::StageChanged {
                at: entry.occurred_at,
                by: by.clone(),
                to: None,
                pending: false,
            });
        }
        if touched(LeadField::Notes) {
            items.push(TimelineItem::NotesChanged {
                at: entry.occurred_at,
                by,
                pending: false,
            });
        }
    }
    for change in pending {
        if let Some(stage) = change.changes.get(LeadField::Stage.as_str()) {
            items.push(TimelineItem::StageChanged {
                at: change.at,
                by: None,
                to: serde_json::from_value(stage.clone()).ok(),
                pending: true,
            });
        }
        if change.changes.contains_key(LeadField::Notes.as_str()) {
            items.push(TimelineItem::NotesChanged {
                at: change.at,
                by: None,
                pending: true,
            });
        }
    }
    // Newest first; on a tie the later-listed (pending, local) item goes first.
    let mut indexed: Vec<(usize, TimelineItem)> = items.into_iter().enumerate().collect();
    indexed.sort_by(|(ia, a), (ib, b)| b.at().cmp(&a.at()).then(ib.cmp(ia)));
    indexed.into_iter().map(|(_, item)| item).collect()
}

/// What a bulk assign or stage change did: every lead is edited on its own, so one
/// refusal (a lead another device erased) does not stop the rest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkEditResult {
    /// Edited here and queued for the server.
    pub queued: u32,
    pub failed: Vec<BulkEditFailure>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkEditFailure {
    pub lead_id: LeadId,
    pub code: String,
    pub message: String,
}

/// How far a long transfer (an export) has come, sent to the UI as it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransferProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// Where a finished export was written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    pub path: String,
    #[ts(type = "number")]
    pub leads: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{ActorKind, AuditActor};
    use crate::ids::TenantId;
    use crate::lead::LeadChanges;
    use crate::lead_activity::{CallDirection, CallOutcome};
    use chrono::TimeZone;
    use serde_json::json;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0).unwrap()
    }

    fn lead() -> Lead {
        let changes = LeadChanges {
            name: Some("Ann Lee".into()),
            ..LeadChanges::default()
        };
        Lead::create(LeadId::new(), &changes, at(8)).unwrap()
    }

    fn updated(hour: u32, fields: &[&str]) -> AuditEntry {
        AuditEntry {
            seq: hour.into(),
            tenant_id: TenantId::new(),
            occurred_at: at(hour),
            actor: AuditActor {
                kind: ActorKind::User,
                id: None,
                display: "Dana".into(),
            },
            action: "lead.updated".into(),
            target: None,
            ip: None,
            user_agent: None,
            reason: None,
            support_ticket: None,
            details: json!({ "fields": fields }),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn merges_activity_audit_and_pending_edits_newest_first() {
        let lead = lead();
        let call = CallRecord {
            id: uuid::Uuid::nil(),
            lead_id: lead.id,
            direction: CallDirection::Outbound,
            phone: "+14155550100".into(),
            started_at: at(10),
            duration_secs: 60,
            outcome: CallOutcome::Answered,
            recording_ref: None,
            transcript_summary: None,
            version: 1,
        };
        let activity = LeadActivity {
            conversations: vec![],
            calls: vec![call],
        };
        let audit = [updated(9, &["stage", "notes"]), updated(11, &["tags"])];
        let pending = [PendingChange {
            at: at(12),
            changes: json!({ "stage": "qualified" }).as_object().unwrap().clone(),
        }];
        let items = timeline(&lead, activity, &audit, &pending);
        let kinds: Vec<(&str, u32)> = items
            .iter()
            .map(|item| {
                let kind = match item {
                    TimelineItem::Created { .. } => "created",
                    TimelineItem::Conversation { .. } => "conversation",
                    TimelineItem::Call { .. } => "call",
                    TimelineItem::StageChanged { .. } => "stage",
                    TimelineItem::NotesChanged { .. } => "notes",
                };
                (kind, chrono::Timelike::hour(&item.at()))
            })
            .collect();
        // The tags-only change is not a timeline event.
        assert_eq!(
            kinds,
            [
                ("stage", 12),
                ("call", 10),
                ("notes", 9),
                ("stage", 9),
                ("created", 8)
            ]
        );
        assert_eq!(
            items[0],
            TimelineItem::StageChanged {
                at: at(12),
                by: None,
                to: Some(LeadStage::Qualified),
                pending: true
            }
        );
        assert!(matches!(
            &items[3],
            TimelineItem::StageChanged { by: Some(by), to: None, pending: false, .. } if by == "Dana"
        ));
    }
}
