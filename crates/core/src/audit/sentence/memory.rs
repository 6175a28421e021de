//! What the trail itself says about ids the cache no longer holds: which leads were
//! erased, and whom a since-removed plan assignment put on which plan.

use std::collections::{HashMap, HashSet};

use crate::audit::AuditEntry;

pub(super) const LEAD_ERASED: &str = "lead.erased";
pub(super) const AGENT_ASSIGNED: &str = "commission.agent_assigned";

#[derive(Default)]
pub(super) struct Memory {
    erased_leads: HashSet<String>,
    /// An assignment's id → its roster agent's and plan's ids.
    assignments: HashMap<String, (String, String)>,
}

impl Memory {
    pub(super) fn of(entries: &[AuditEntry]) -> Self {
        let mut memory = Self::default();
        for entry in entries {
            let Some(target) = &entry.target else {
                continue;
            };
            match entry.action.as_str() {
                LEAD_ERASED => {
                    memory.erased_leads.insert(target.clone());
                }
                AGENT_ASSIGNED => {
                    let id = |key: &str| entry.details[key].as_str().map(str::to_owned);
                    if let (Some(agent), Some(plan)) = (id("agent"), id("plan")) {
                        memory.assignments.insert(target.clone(), (agent, plan));
                    }
                }
                _ => {}
            }
        }
        memory
    }

    pub(super) fn erased(&self, lead: &str) -> bool {
        self.erased_leads.contains(lead)
    }

    pub(super) fn assignment(&self, id: &str) -> Option<&(String, String)> {
        self.assignments.get(id)
    }
}
