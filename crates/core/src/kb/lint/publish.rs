//! The publish gate: content with a block finding is never published, and content with
//! warn findings only once the owner acknowledges them (the server writes the
//! acknowledged findings to the audit trail). Info findings never stand in the way.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Finding, Severity};
use crate::error::ErrorBody;

/// What stands between a draft and publishing, for the publish dialog and the server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PublishCheck {
    /// Findings that refuse publishing until the wording changes.
    pub blocks: Vec<Finding>,
    /// Findings the owner must acknowledge to publish.
    pub warnings: Vec<Finding>,
}

/// Why a publish was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PublishRefusal {
    #[error("The text says something fair-housing law does not allow ({} finding(s)). Reword it before publishing.", .0.len())]
    Blocked(Vec<Finding>),
    #[error("The text has {} fair-housing warning(s). Review and acknowledge them to publish.", .0.len())]
    Unacknowledged(Vec<Finding>),
}

impl PublishRefusal {
    /// The stable code the API and the app report.
    pub fn code(&self) -> &'static str {
        match self {
            PublishRefusal::Blocked(_) => "kb_lint_blocked",
            PublishRefusal::Unacknowledged(_) => "kb_lint_unacknowledged",
        }
    }

    /// The findings behind the refusal, for the dialog to show.
    pub fn findings(&self) -> &[Finding] {
        match self {
            PublishRefusal::Blocked(f) | PublishRefusal::Unacknowledged(f) => f,
        }
    }

    pub fn error_body(&self) -> ErrorBody {
        ErrorBody::new(self.code(), self.to_string())
    }
}

impl PublishCheck {
    /// Sorts the findings of everything being published (all its fields).
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut check = PublishCheck::default();
        for finding in findings {
            match finding.severity {
                Severity::Block => check.blocks.push(finding.clone()),
                Severity::Warn => check.warnings.push(finding.clone()),
                Severity::Info => {}
            }
        }
        check
    }

    /// Whether publishing may go ahead, given whether the owner acknowledged the
    /// warnings. Blocks refuse even when acknowledged.
    pub fn allows(&self, acknowledged: bool) -> Result<(), PublishRefusal> {
        if !self.blocks.is_empty() {
            return Err(PublishRefusal::Blocked(self.blocks.clone()));
        }
        if !self.warnings.is_empty() && !acknowledged {
            return Err(PublishRefusal::Unacknowledged(self.warnings.clone()));
        }
        Ok(())
    }
}
