//! Lead mutations: create, update (merged per field) and erase, through the lead
//! operations the REST routes use.

use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::LeadChanges;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::leads::{self, WriteOrigin};
use crate::sync::source::mutation_id;

pub async fn apply(
    auth: &mut Authenticated,
    mutation: &Mutation,
    origin: WriteOrigin,
) -> Result<MutationOutcome, ApiError> {
    let id: LeadId = mutation_id(mutation)?;
    let (version, conflicts) = match mutation.op {
        MutationOp::Create => {
            let changes = LeadChanges::from_json(&mutation.changes)?;
            let lead = leads::create(auth, id, changes, origin).await?;
            (lead.version, Vec::new())
        }
        MutationOp::Update => {
            let changes = LeadChanges::from_json(&mutation.changes)?;
            let (lead, conflicts) = leads::update(auth, id, changes, origin).await?;
            (lead.version, conflicts)
        }
        MutationOp::Delete => (leads::delete(auth, id).await?.0, Vec::new()),
    };
    Ok(MutationOutcome::Applied { version, conflicts })
}
