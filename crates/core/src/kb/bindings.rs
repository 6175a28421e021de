//! The knowledge base's UI bindings, checked like the rest of core's (see
//! `crate::bindings`) but listed here so the knowledge base stays in its own folder.

use crate::bindings_check::{check_or_update, render as one};
use crate::ids::{KbItemId, KbVersionId};
use crate::kb::api::{KbImportOutcome, KbImportRequest, KbImportSkip, KbSaved};
use crate::kb::chunk::Chunk;
use crate::kb::console::{KbConsoleAnswer, KbConsoleHit, KbPublishOutcome};
use crate::kb::diff::{DiffLine, DiffOp, VersionDiff};
use crate::kb::item::{
    FieldFinding, KbContent, KbDraft, KbField, KbFile, KbItem, KbItemKind, KbItemState, KbVersion,
    KbVersionMeta, PublishRequest,
};
use crate::kb::lint::{Finding, LintClass, PublishCheck, Severity};
use crate::kb::search::{KbSearchHit, KbSearchRequest};
use crate::kb::unanswered::{UnansweredGroup, UnansweredReason, UnansweredReport};

#[test]
fn kb_ui_bindings_match_rust_types() {
    check_or_update(
        vec![
            one::<KbItemId>(),
            one::<KbVersionId>(),
            one::<Chunk>(),
            one::<DiffOp>(),
            one::<DiffLine>(),
            one::<VersionDiff>(),
            one::<KbItemKind>(),
            one::<KbFile>(),
            one::<KbContent>(),
            one::<KbField>(),
            one::<FieldFinding>(),
            one::<KbDraft>(),
            one::<KbVersionMeta>(),
            one::<KbVersion>(),
            one::<KbItemState>(),
            one::<KbItem>(),
            one::<PublishRequest>(),
            one::<Severity>(),
            one::<LintClass>(),
            one::<Finding>(),
            one::<PublishCheck>(),
            one::<KbSearchRequest>(),
            one::<KbSearchHit>(),
            one::<UnansweredReason>(),
            one::<UnansweredReport>(),
            one::<UnansweredGroup>(),
            one::<KbSaved>(),
            one::<KbImportRequest>(),
            one::<KbImportSkip>(),
            one::<KbImportOutcome>(),
            one::<KbConsoleHit>(),
            one::<KbConsoleAnswer>(),
            one::<KbPublishOutcome>(),
        ],
        "brokerdesk-core",
    );
}
