//! Acme's demo deals: forty Dotloop loops over every status group, their agents taken
//! from the demo roster (so each member who is an agent sees their own), and a few
//! with loop health findings to show: a sold loop without a closing date, a split that
//! does not add up, a loop whose agents are not on the roster, and one MLS number on
//! two active listings.

use brokerdesk_core::ids::{TenantId, TransactionId};
use brokerdesk_core::roster::RosterAgent;
use brokerdesk_core::transactions::{Participant, PropertyAddress, TransactionFields};
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::db::TenantTx;
use crate::error::ApiError;
use crate::roster;
use crate::transactions::store;

const DEALS: usize = 40;

/// (status, transaction type), cycled through: every group, and ARCHIVED both ways.
const KINDS: &[(&str, &str)] = &[
    ("ACTIVE_LISTING", "LISTING_FOR_SALE"),
    ("UNDER_CONTRACT", "PURCHASE_OFFER"),
    ("SOLD", "PURCHASE_OFFER"),
    ("SOLD", "LISTING_FOR_SALE"),
    ("PRE_LISTING", "LISTING_FOR_SALE"),
    ("LEASED", "LISTING_FOR_LEASE"),
    ("WITHDRAWN", "LISTING_FOR_SALE"),
    ("ARCHIVED", "PURCHASE_OFFER"),
];

const STREETS: &[&str] = &[
    "Harbor Rd",
    "Elm St",
    "Ocean Ave",
    "Bay St",
    "Commercial St",
    "Fore St",
];

/// The deals that carry a finding on purpose.
const SOLD_WITHOUT_CLOSING: usize = 2;
const SPLIT_MISMATCH: usize = 11;
const NO_ROSTER_AGENT: usize = 19;
const SAME_MLS: [usize; 2] = [24, 32];

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Demo deal `i`'s Dotloop loop view id.
fn loop_view_id(i: usize) -> String {
    (70_120_000 + i).to_string()
}

/// Demo deal `i`'s id in `tenant` (deals from Dotloop take their id from their loop).
pub(super) fn deal_id(tenant: TenantId, i: usize) -> TransactionId {
    TransactionId::for_loop_view(tenant, &loop_view_id(i))
}

fn agent(who: &RosterAgent, role: &str) -> Participant {
    Participant {
        name: who.name.clone(),
        email: Some(who.email.to_lowercase()),
        role: Some(role.into()),
    }
}

fn client(i: usize, role: &str) -> Participant {
    Participant {
        name: format!("Client {}", i + 1),
        email: None,
        role: Some(role.into()),
    }
}

fn deal(i: usize, roster: &[RosterAgent]) -> TransactionFields {
    let (status, kind) = KINDS[i % KINDS.len()];
    let loop_view_id = loop_view_id(i);
    let price = Decimal::from(265_000 + 17_500 * i as i64);
    let total = price * Decimal::new(3, 2);
    let half = total / Decimal::TWO;
    let month = (i % 12) as u32 + 1;
    let (closing, contract) = match status {
        "SOLD" | "LEASED" | "ARCHIVED" => (day(2026, month, 15), day(2026, month, 1)),
        "UNDER_CONTRACT" => (day(2027, month, 20), day(2026, 11, 2)),
        _ => (None, None),
    };
    let mut participants = if i == NO_ROSTER_AGENT {
        vec![Participant {
            name: "Olga Outside".into(),
            email: Some("olga@otherbrokerage.test".into()),
            role: Some("LISTING_AGENT".into()),
        }]
    } else {
        vec![agent(&roster[i % roster.len()], "LISTING_AGENT")]
    };
    participants.push(client(i, "SELLER"));
    if kind == "PURCHASE_OFFER" && i != NO_ROSTER_AGENT {
        participants.push(agent(&roster[(i + 3) % roster.len()], "BUYING_AGENT"));
        participants.push(client(i, "BUYER"));
    }
    let street = STREETS[i % STREETS.len()];
    let mls = if SAME_MLS.contains(&i) {
        "ACME-7777".to_owned()
    } else {
        format!("ACME-{}", 1000 + i)
    };
    TransactionFields {
        loop_view_id: Some(loop_view_id.clone()),
        loop_id: Some((9_100 + i).to_string()),
        name: format!("{} {street}", 10 + i),
        status: Some(status.into()),
        transaction_type: Some(kind.into()),
        address: PropertyAddress {
            street_number: Some((10 + i).to_string()),
            street_name: Some(street.into()),
            city: Some("Portland".into()),
            state: Some("ME".into()),
            postal_code: Some("04101".into()),
            ..Default::default()
        },
        mls_number: Some(mls),
        sale_price: Some(price),
        commission_rate: Some(Decimal::from(3)),
        commission_total: Some(total),
        buy_side_split_percent: Some(Decimal::from(50)),
        sell_side_split_percent: Some(Decimal::from(if i == SPLIT_MISMATCH { 60 } else { 50 })),
        buy_side_split_amount: Some(half),
        sell_side_split_amount: Some(half),
        contract_date: contract,
        closing_date: if i == SOLD_WITHOUT_CLOSING {
            None
        } else {
            closing
        },
        listing_date: day(2026, month, 1),
        tags: if i.is_multiple_of(5) {
            vec!["Waterfront".into()]
        } else {
            Vec::new()
        },
        compliance_status: Some(
            if i.is_multiple_of(3) {
                "Needs Review"
            } else {
                "Approved"
            }
            .into(),
        ),
        loop_url: Some(format!("https://www.dotloop.com/my/loop/{loop_view_id}")),
        participants,
        ..Default::default()
    }
}

/// Puts the demo deals of `subdomain` (acme's; others have none) in place, after its
/// roster.
pub async fn seed(tx: &mut TenantTx, subdomain: &str) -> Result<(), ApiError> {
    if subdomain != "acme" {
        return Ok(());
    }
    let roster = roster::agents(tx, None).await?;
    if roster.is_empty() {
        return Ok(());
    }
    let tenant = tx.tenant_id();
    let deals: Vec<(TransactionId, TransactionFields)> = (0..DEALS)
        .map(|i| (deal_id(tenant, i), deal(i, &roster)))
        .collect();
    let writes: Vec<(TransactionId, &TransactionFields)> =
        deals.iter().map(|(id, d)| (*id, d)).collect();
    let version = tx.next_version().await?;
    store::write(tx, &writes, version, Utc::now()).await
}
