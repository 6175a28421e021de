//! The lead filters `leads` and `export leads` take, as core's `LeadListQuery`, so the
//! command line narrows the cache exactly as the desktop's table does.

use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::leads::LeadInvalid;
use brokerdesk_core::leads::list::LeadListQuery;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(clap::Args)]
pub struct LeadFilterArgs {
    /// new, contacted, qualified, nurture, appointment, under_contract, closed or lost.
    #[arg(long)]
    stage: Option<String>,
    /// chatbot, ai_call, web_form, import or manual.
    #[arg(long)]
    source: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    /// Free text: name, email, phone, tag or notes.
    #[arg(long)]
    search: Option<String>,
    /// Dates are `YYYY-MM-DD` (midnight UTC) or RFC 3339; "to" dates are exclusive.
    #[arg(long, value_name = "DATE")]
    created_from: Option<String>,
    #[arg(long, value_name = "DATE")]
    created_to: Option<String>,
    #[arg(long, value_name = "DATE")]
    updated_from: Option<String>,
    #[arg(long, value_name = "DATE")]
    updated_to: Option<String>,
    /// The last conversation or call.
    #[arg(long, value_name = "DATE")]
    activity_from: Option<String>,
    #[arg(long, value_name = "DATE")]
    activity_to: Option<String>,
}

fn invalid(e: LeadInvalid) -> ErrorBody {
    ErrorBody::new(e.code, e.message)
}

fn date(flag: &str, raw: Option<String>) -> Result<Option<DateTime<Utc>>, ErrorBody> {
    let Some(raw) = raw else { return Ok(None) };
    if let Ok(at) = DateTime::parse_from_rfc3339(&raw) {
        return Ok(Some(at.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(&raw, "%Y-%m-%d")
        .map(|day| Some(day.and_time(chrono::NaiveTime::MIN).and_utc()))
        .map_err(|_| {
            ErrorBody::new(
                "invalid_date",
                format!("--{flag} takes a date as YYYY-MM-DD or RFC 3339, not {raw:?}."),
            )
        })
}

impl LeadFilterArgs {
    pub fn query(self) -> Result<LeadListQuery, ErrorBody> {
        Ok(LeadListQuery {
            stage: self.stage.map(|s| s.parse()).transpose().map_err(invalid)?,
            source: self
                .source
                .map(|s| s.parse())
                .transpose()
                .map_err(invalid)?,
            tag: self.tag,
            q: self.search,
            created_from: date("created-from", self.created_from)?,
            created_to: date("created-to", self.created_to)?,
            updated_from: date("updated-from", self.updated_from)?,
            updated_to: date("updated-to", self.updated_to)?,
            activity_from: date("activity-from", self.activity_from)?,
            activity_to: date("activity-to", self.activity_to)?,
            ..LeadListQuery::default()
        })
    }
}
