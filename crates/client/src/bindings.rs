//! The client's types that reach the desktop UI (through Tauri commands and events) are
//! generated as TypeScript into `ui/src/bindings/`, beside core's. This test fails when
//! the files and the Rust drift apart; run it with `UPDATE_BINDINGS=1` to rewrite them.

use brokerdesk_core::bindings_check::{check_or_update, render};

use crate::dotloop::card::DotloopCard;
use crate::events::{SessionEnded, SyncUpdate};
use crate::session::{Account, SupportInfo};
use crate::sync::RejectedEdit;
use crate::transactions::import::{DotloopImportResult, HeldBackChange};
use crate::transactions::query::{
    TransactionListQuery, TransactionRow, TransactionRowPage, TransactionSort,
};
use crate::transactions::screens::{DealParticipant, RosterMatch, TransactionDetail};

#[test]
fn ui_bindings_match_rust_types() {
    let files = vec![
        render::<Account>(),
        render::<SupportInfo>(),
        render::<RejectedEdit>(),
        render::<SyncUpdate>(),
        render::<SessionEnded>(),
        render::<TransactionListQuery>(),
        render::<TransactionSort>(),
        render::<TransactionRow>(),
        render::<TransactionRowPage>(),
        render::<TransactionDetail>(),
        render::<DealParticipant>(),
        render::<RosterMatch>(),
        render::<DotloopImportResult>(),
        render::<HeldBackChange>(),
        render::<DotloopCard>(),
    ];
    check_or_update(files, "brokerdesk-client");
}
