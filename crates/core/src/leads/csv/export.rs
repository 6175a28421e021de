//! Leads written as CSV, in the columns an import reads back.

use super::COLUMNS;
use crate::csv_safety::SafeCsv;
use crate::leads::Lead;

/// Writes leads as CSV with [`COLUMNS`]. `agent_label` turns an assigned agent into
/// what the file shows (the server and CLI write the member's email when they know it).
pub fn write_export<'a>(
    leads: impl IntoIterator<Item = &'a Lead>,
    agent_label: impl Fn(&Lead) -> String,
) -> String {
    let mut csv = SafeCsv::new(COLUMNS);
    for lead in leads {
        let join = |values: &[String]| values.join("; ");
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let number = |v: Option<String>| v.unwrap_or_default();
        let record = [
            lead.id.to_string(),
            lead.name.clone(),
            join(&lead.emails),
            join(&lead.phones),
            lead.source.to_string(),
            text(&lead.source_detail),
            lead.stage.to_string(),
            agent_label(lead),
            number(lead.budget_min.map(|b| b.to_string())),
            number(lead.budget_max.map(|b| b.to_string())),
            join(&lead.preferences.areas),
            text(&lead.preferences.property_type),
            number(lead.preferences.beds.map(|b| b.to_string())),
            number(lead.preferences.baths.map(|b| b.to_string())),
            text(&lead.preferences.timeframe),
            join(&lead.tags),
            lead.notes.clone(),
            text(&lead.time_zone),
            crate::leads::list::timestamp_key(lead.created_at),
            crate::leads::list::timestamp_key(lead.updated_at),
        ];
        csv.row(&record);
    }
    csv.finish()
}
