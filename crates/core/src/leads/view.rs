//! What the desktop's lead screens show: a lead with the state of its local edits, the
//! detail with its timeline, and the answers of bulk edits and exports. The client
//! builds these from the encrypted cache; the UI gets them as generated types.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::AuditEntry;
use crate::ids::{LeadId, UserId};
use crate::leads::activity::{CallRecord, Conversation, LeadActivity};
use crate::leads::consent::ConsentEntry;
use crate::leads::{Lead, LeadField, LeadSource, LeadStage};

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
    /// A stage change, with the stages before and after. Both are `None` for changes the
    /// server recorded before it kept the values.
    StageChanged {
        #[ts(type = "string")]
        at: DateTime<Utc>,
        by: Option<String>,
        from: Option<LeadStage>,
        to: Option<LeadStage>,
        pending: bool,
    },
    /// The lead was handed to another agent (or unassigned: `to` is `None`).
    AgentChanged {
        #[ts(type = "string")]
        at: DateTime<Utc>,
        by: Option<String>,
        from: Option<UserId>,
        to: Option<UserId>,
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
            | TimelineItem::AgentChanged { at, .. }
            | TimelineItem::NotesChanged { at, .. } => *at,
        }
    }
}

/// A value before and after a change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueChange<T> {
    pub from: T,
    pub to: T,
}

/// The details of a `lead.updated` audit entry: the names of the fields changed, and the
/// values before and after of the two that are not personal data, the stage and the
/// assigned agent (an id), so a timeline can say "New → Contacted". Names, emails,
/// phones and notes never go into the trail: an erasure could not reach them there.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeadUpdateAudit {
    pub fields: Vec<LeadField>,
    #[serde(default)]
    pub conflicts: usize,
    /// Present whenever the change wrote the stage (even to the same value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<ValueChange<LeadStage>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_agent: Option<ValueChange<Option<UserId>>>,
}

impl LeadUpdateAudit {
    /// What to record for a change of `fields` that took `before` to `after`.
    pub fn of(before: &Lead, after: &Lead, fields: Vec<LeadField>, conflicts: usize) -> Self {
        let stage = fields.contains(&LeadField::Stage).then_some(ValueChange {
            from: before.stage,
            to: after.stage,
        });
        let assigned_agent = fields
            .contains(&LeadField::AssignedAgent)
            .then_some(ValueChange {
                from: before.assigned_agent,
                to: after.assigned_agent,
            });
        Self {
            fields,
            conflicts,
            stage,
            assigned_agent,
        }
    }

    /// Reads an entry's details; entries written before the values were kept read with
    /// the field names alone.
    pub fn read(details: &serde_json::Value) -> Option<Self> {
        serde_json::from_value(details.clone()).ok()
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

/// Where the timeline's sources come from: the lead as the user sees it, its activity,
/// the cached `lead.updated` audit entries about it (none for roles that do not sync the
/// trail), and the local edits still pending on top of `synced`, the lead as the server
/// last had it (or as it was created here).
pub struct TimelineSources<'a> {
    pub lead: &'a Lead,
    pub activity: LeadActivity,
    pub audit: &'a [AuditEntry],
    pub synced: Option<&'a Lead>,
    pub pending: &'a [PendingChange],
}

/// The lead's timeline, newest first: its creation, conversations and calls, the stage,
/// assignment and notes changes the audit trail recorded, and the edits still pending.
pub fn timeline(sources: TimelineSources<'_>) -> Vec<TimelineItem> {
    let TimelineSources {
        lead,
        activity,
        audit,
        synced,
        pending,
    } = sources;
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
        let Some(recorded) = LeadUpdateAudit::read(&entry.details) else {
            continue;
        };
        items.extend(recorded_changes(
            &recorded,
            entry.occurred_at,
            &entry.actor.display,
        ));
    }
    items.extend(pending_changes(synced, pending));
    // Newest first; on a tie the later-listed (pending, local) item goes first.
    let mut indexed: Vec<(usize, TimelineItem)> = items.into_iter().enumerate().collect();
    indexed.sort_by(|(ia, a), (ib, b)| b.at().cmp(&a.at()).then(ib.cmp(ia)));
    indexed.into_iter().map(|(_, item)| item).collect()
}

/// The timeline items of one change the server recorded.
fn recorded_changes(recorded: &LeadUpdateAudit, at: DateTime<Utc>, by: &str) -> Vec<TimelineItem> {
    let by = Some(by.to_owned());
    let mut items = Vec::new();
    if recorded.fields.contains(&LeadField::Stage) {
        match &recorded.stage {
            Some(change) if change.from == change.to => {}
            change => items.push(TimelineItem::StageChanged {
                at,
                by: by.clone(),
                from: change.as_ref().map(|c| c.from),
                to: change.as_ref().map(|c| c.to),
                pending: false,
            }),
        }
    }
    if let Some(change) = &recorded.assigned_agent
        && change.from != change.to
    {
        items.push(TimelineItem::AgentChanged {
            at,
            by: by.clone(),
            from: change.from,
            to: change.to,
            pending: false,
        });
    }
    if recorded.fields.contains(&LeadField::Notes) {
        items.push(TimelineItem::NotesChanged {
            at,
            by,
            pending: false,
        });
    }
    items
}

/// The timeline items of the edits still pending, in order, each stage and assignment
/// change with the value it replaces (starting from the lead as `synced`).
fn pending_changes(synced: Option<&Lead>, pending: &[PendingChange]) -> Vec<TimelineItem> {
    let mut stage = synced.map(|l| l.stage);
    let mut agent = synced.and_then(|l| l.assigned_agent);
    let mut items = Vec::new();
    for change in pending {
        let at = change.at;
        let value = |field: LeadField| change.changes.get(field.as_str()).cloned();
        if let Some(to) = value(LeadField::Stage).and_then(|v| serde_json::from_value(v).ok())
            && Some(to) != stage
        {
            items.push(TimelineItem::StageChanged {
                at,
                by: None,
                from: stage,
                to: Some(to),
                pending: true,
            });
            stage = Some(to);
        }
        if let Some(to) = value(LeadField::AssignedAgent)
            .and_then(|v| serde_json::from_value::<Option<UserId>>(v).ok())
            && to != agent
        {
            items.push(TimelineItem::AgentChanged {
                at,
                by: None,
                from: agent,
                to,
                pending: true,
            });
            agent = to;
        }
        if change.changes.contains_key(LeadField::Notes.as_str()) {
            items.push(TimelineItem::NotesChanged {
                at,
                by: None,
                pending: true,
            });
        }
    }
    items
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
    use crate::leads::LeadChanges;
    use crate::leads::activity::{CallDirection, CallOutcome};
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

    fn updated(hour: u32, details: serde_json::Value) -> AuditEntry {
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
            client_digest: None,
            reason: None,
            support_ticket: None,
            details,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn pending(hour: u32, changes: serde_json::Value) -> PendingChange {
        PendingChange {
            at: at(hour),
            changes: changes.as_object().unwrap().clone(),
        }
    }

    fn kind(item: &TimelineItem) -> &'static str {
        match item {
            TimelineItem::Created { .. } => "created",
            TimelineItem::Conversation { .. } => "conversation",
            TimelineItem::Call { .. } => "call",
            TimelineItem::StageChanged { .. } => "stage",
            TimelineItem::AgentChanged { .. } => "agent",
            TimelineItem::NotesChanged { .. } => "notes",
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
        // An entry from before the values were kept, and a tags-only change.
        let audit = [
            updated(9, json!({ "fields": ["stage", "notes"], "conflicts": 0 })),
            updated(11, json!({ "fields": ["tags"], "conflicts": 0 })),
        ];
        let synced = Lead {
            stage: LeadStage::Contacted,
            ..lead.clone()
        };
        let edits = [pending(12, json!({ "stage": "qualified" }))];
        let items = timeline(TimelineSources {
            lead: &lead,
            activity,
            audit: &audit,
            synced: Some(&synced),
            pending: &edits,
        });
        let kinds: Vec<(&str, u32)> = items
            .iter()
            .map(|item| (kind(item), chrono::Timelike::hour(&item.at())))
            .collect();
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
                from: Some(LeadStage::Contacted),
                to: Some(LeadStage::Qualified),
                pending: true
            }
        );
        assert!(matches!(
            &items[3],
            TimelineItem::StageChanged { by: Some(by), from: None, to: None, pending: false, .. } if by == "Dana"
        ));
    }

    #[test]
    fn recorded_and_pending_changes_say_what_the_value_was_and_became() {
        let lead = lead();
        let (sam, kim) = (UserId::new(), UserId::new());
        let before = Lead {
            stage: LeadStage::New,
            assigned_agent: Some(sam),
            ..lead.clone()
        };
        let after = Lead {
            stage: LeadStage::Contacted,
            assigned_agent: Some(kim),
            ..lead.clone()
        };
        let fields = vec![LeadField::Stage, LeadField::AssignedAgent, LeadField::Name];
        let recorded = LeadUpdateAudit::of(&before, &after, fields, 0);
        let details = serde_json::to_value(&recorded).unwrap();
        assert_eq!(
            details["stage"],
            json!({ "from": "new", "to": "contacted" })
        );
        assert_eq!(
            details["assignedAgent"],
            json!({ "from": sam.to_string(), "to": kim.to_string() })
        );
        // Rewriting the stage to the value it had is no change worth a line.
        let same = LeadUpdateAudit::of(&after, &after, vec![LeadField::Stage], 0);
        let audit = [
            updated(9, details),
            updated(10, serde_json::to_value(&same).unwrap()),
        ];
        // Two pending edits on top of the synced lead: each replaces the one before.
        let edits = [
            pending(11, json!({ "stage": "qualified", "assignedAgent": null })),
            pending(12, json!({ "stage": "appointment" })),
        ];
        let items = timeline(TimelineSources {
            lead: &lead,
            activity: LeadActivity {
                conversations: vec![],
                calls: vec![],
            },
            audit: &audit,
            synced: Some(&after),
            pending: &edits,
        });
        let changes: Vec<(&str, bool, String)> = items
            .iter()
            .filter_map(|item| match item {
                TimelineItem::StageChanged {
                    from, to, pending, ..
                } => Some(("stage", *pending, format!("{from:?}->{to:?}"))),
                TimelineItem::AgentChanged {
                    from, to, pending, ..
                } => Some((
                    "agent",
                    *pending,
                    format!(
                        "{}->{}",
                        from.map_or("nobody".into(), |a| (a == sam).to_string()),
                        to.map_or("nobody".into(), |a| (a == kim).to_string())
                    ),
                )),
                _ => None,
            })
            .collect();
        assert_eq!(
            changes,
            [
                ("stage", true, "Some(Qualified)->Some(Appointment)".into()),
                ("agent", true, "false->nobody".into()),
                ("stage", true, "Some(Contacted)->Some(Qualified)".into()),
                ("agent", false, "true->true".into()),
                ("stage", false, "Some(New)->Some(Contacted)".into()),
            ]
        );
    }
}
