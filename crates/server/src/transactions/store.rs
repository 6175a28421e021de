//! The `transactions` table: a deal as one row, read back into core's [`Transaction`],
//! and written in batches. Every write is an upsert of whole rows built from core's
//! record, sent column by column (batch.rs), so one statement stores thousands of deals
//! as cheaply as one (an import of 50,000 loops is ten statements, not 50,000).

mod batch;

use brokerdesk_core::ids::TransactionId;
use brokerdesk_core::transactions::agents::name_key;
use brokerdesk_core::transactions::{
    CustomField, Participant, PropertyAddress, Transaction, TransactionFields,
};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::types::Json;
use uuid::Uuid;

use crate::db::{TenantTx, is_unique_violation};
use crate::error::ApiError;

/// Rows per statement: big enough that the round trips vanish, small enough that one
/// statement's arrays stay a few megabytes.
const BATCH: usize = 5_000;

/// A row of `transactions`: what a write sends (without the envelope), and, read with
/// [`COLUMNS`], a stored deal.
#[derive(sqlx::FromRow)]
pub(super) struct StoredRow {
    id: Uuid,
    loop_view_id: Option<String>,
    loop_id: Option<String>,
    profile_id: Option<String>,
    name: String,
    status: Option<String>,
    transaction_type: Option<String>,
    street_number: Option<String>,
    street_name: Option<String>,
    unit_number: Option<String>,
    city: Option<String>,
    state: Option<String>,
    postal_code: Option<String>,
    county: Option<String>,
    country: Option<String>,
    mls_number: Option<String>,
    parcel_id: Option<String>,
    sale_price: Option<Decimal>,
    original_price: Option<Decimal>,
    current_price: Option<Decimal>,
    commission_rate: Option<Decimal>,
    commission_total: Option<Decimal>,
    buy_side_split_percent: Option<Decimal>,
    sell_side_split_percent: Option<Decimal>,
    buy_side_split_amount: Option<Decimal>,
    sell_side_split_amount: Option<Decimal>,
    referral_percent: Option<Decimal>,
    referral_source: Option<String>,
    earnest_money: Option<Decimal>,
    contract_date: Option<NaiveDate>,
    offer_date: Option<NaiveDate>,
    listing_date: Option<NaiveDate>,
    expiration_date: Option<NaiveDate>,
    closing_date: Option<NaiveDate>,
    paid_date: Option<NaiveDate>,
    tags: Json<Vec<String>>,
    compliance_status: Option<String>,
    loop_url: Option<String>,
    loop_created_at: Option<DateTime<Utc>>,
    loop_updated_at: Option<DateTime<Utc>>,
    participants: Json<Vec<Participant>>,
    custom_fields: Json<Vec<CustomField>>,
    // Derived from the fields on every write, never read back: skipped rather than
    // defaulted, which would look each one up and build a "column not found" error per
    // row read.
    #[sqlx(skip)]
    participant_emails: Vec<String>,
    #[sqlx(skip)]
    participant_names: Vec<String>,
    #[sqlx(skip)]
    search_text: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

/// The columns a read selects into a [`StoredRow`] (the derived ones are left out).
pub const COLUMNS: &str = "id, loop_view_id, loop_id, profile_id, name, status, transaction_type,
    street_number, street_name, unit_number, city, state, postal_code, county, country,
    mls_number, parcel_id, sale_price, original_price, current_price, commission_rate,
    commission_total, buy_side_split_percent, sell_side_split_percent, buy_side_split_amount,
    sell_side_split_amount, referral_percent, referral_source, earnest_money, contract_date,
    offer_date, listing_date, expiration_date, closing_date, paid_date, tags,
    compliance_status, loop_url, loop_created_at, loop_updated_at, participants,
    custom_fields, created_at, updated_at, version";

impl StoredRow {
    fn of(id: TransactionId, f: &TransactionFields) -> Self {
        let a = &f.address;
        Self {
            id: id.as_uuid(),
            loop_view_id: f.loop_view_id.clone(),
            loop_id: f.loop_id.clone(),
            profile_id: f.profile_id.clone(),
            name: f.name.clone(),
            status: f.status.clone(),
            transaction_type: f.transaction_type.clone(),
            street_number: a.street_number.clone(),
            street_name: a.street_name.clone(),
            unit_number: a.unit_number.clone(),
            city: a.city.clone(),
            state: a.state.clone(),
            postal_code: a.postal_code.clone(),
            county: a.county.clone(),
            country: a.country.clone(),
            mls_number: f.mls_number.clone(),
            parcel_id: f.parcel_id.clone(),
            sale_price: f.sale_price,
            original_price: f.original_price,
            current_price: f.current_price,
            commission_rate: f.commission_rate,
            commission_total: f.commission_total,
            buy_side_split_percent: f.buy_side_split_percent,
            sell_side_split_percent: f.sell_side_split_percent,
            buy_side_split_amount: f.buy_side_split_amount,
            sell_side_split_amount: f.sell_side_split_amount,
            referral_percent: f.referral_percent,
            referral_source: f.referral_source.clone(),
            earnest_money: f.earnest_money,
            contract_date: f.contract_date,
            offer_date: f.offer_date,
            listing_date: f.listing_date,
            expiration_date: f.expiration_date,
            closing_date: f.closing_date,
            paid_date: f.paid_date,
            tags: Json(f.tags.clone()),
            compliance_status: f.compliance_status.clone(),
            loop_url: f.loop_url.clone(),
            loop_created_at: f.loop_created_at,
            loop_updated_at: f.loop_updated_at,
            participants: Json(f.participants.clone()),
            custom_fields: Json(f.custom_fields.clone()),
            participant_emails: participant_emails(&f.participants),
            participant_names: f.participants.iter().map(|p| name_key(&p.name)).collect(),
            search_text: f.search_text(),
            // The envelope is bound apart from the rows (see `write`).
            created_at: DateTime::<Utc>::MIN_UTC,
            updated_at: DateTime::<Utc>::MIN_UTC,
            version: 0,
        }
    }

    pub(super) fn into_transaction(self) -> Transaction {
        Transaction {
            id: TransactionId::from_uuid(self.id),
            fields: TransactionFields {
                loop_view_id: self.loop_view_id,
                loop_id: self.loop_id,
                profile_id: self.profile_id,
                name: self.name,
                status: self.status,
                transaction_type: self.transaction_type,
                address: PropertyAddress {
                    street_number: self.street_number,
                    street_name: self.street_name,
                    unit_number: self.unit_number,
                    city: self.city,
                    state: self.state,
                    postal_code: self.postal_code,
                    county: self.county,
                    country: self.country,
                },
                mls_number: self.mls_number,
                parcel_id: self.parcel_id,
                sale_price: self.sale_price,
                original_price: self.original_price,
                current_price: self.current_price,
                commission_rate: self.commission_rate,
                commission_total: self.commission_total,
                buy_side_split_percent: self.buy_side_split_percent,
                sell_side_split_percent: self.sell_side_split_percent,
                buy_side_split_amount: self.buy_side_split_amount,
                sell_side_split_amount: self.sell_side_split_amount,
                referral_percent: self.referral_percent,
                referral_source: self.referral_source,
                earnest_money: self.earnest_money,
                contract_date: self.contract_date,
                offer_date: self.offer_date,
                listing_date: self.listing_date,
                expiration_date: self.expiration_date,
                closing_date: self.closing_date,
                paid_date: self.paid_date,
                tags: self.tags.0,
                compliance_status: self.compliance_status,
                loop_url: self.loop_url,
                loop_created_at: self.loop_created_at,
                loop_updated_at: self.loop_updated_at,
                participants: self.participants.0,
                custom_fields: self.custom_fields.0,
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

/// The participants' emails, trimmed and lower-cased: what the read filter matches.
fn participant_emails(participants: &[Participant]) -> Vec<String> {
    let mut emails: Vec<String> = participants
        .iter()
        .filter_map(|p| p.email.as_deref())
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    emails.sort_unstable();
    emails.dedup();
    emails
}

type RowQuery<'q> =
    sqlx::query::QueryAs<'q, sqlx::Postgres, StoredRow, sqlx::postgres::PgArguments>;

/// Reads deals with `condition` (after `tenant_id = $1`; `bind` binds $2 on).
async fn select(
    tx: &mut TenantTx,
    condition: &str,
    bind: impl for<'q> FnOnce(RowQuery<'q>) -> RowQuery<'q>,
) -> Result<Vec<Transaction>, ApiError> {
    let sql = format!("select {COLUMNS} from transactions where tenant_id = $1 {condition}");
    let query = sqlx::query_as(&sql).bind(tx.tenant_id().as_uuid());
    let rows: Vec<StoredRow> = bind(query).fetch_all(tx.conn()).await?;
    Ok(rows.into_iter().map(StoredRow::into_transaction).collect())
}

/// The deals with these ids.
pub async fn by_ids(tx: &mut TenantTx, ids: &[Uuid]) -> Result<Vec<Transaction>, ApiError> {
    select(tx, "and id = any($2) order by id", |q| q.bind(ids.to_vec())).await
}

/// The deal with this id, locked for a write.
pub async fn for_update(
    tx: &mut TenantTx,
    id: TransactionId,
) -> Result<Option<Transaction>, ApiError> {
    let mut found = select(tx, "and id = $2 for update", |q| q.bind(id.as_uuid())).await?;
    Ok(found.pop())
}

/// The deals that hold these loop view ids.
pub async fn by_loop_views(
    tx: &mut TenantTx,
    loop_view_ids: &[String],
) -> Result<Vec<Transaction>, ApiError> {
    select(tx, "and loop_view_id = any($2)", |q| {
        q.bind(loop_view_ids.to_vec())
    })
    .await
}

/// Every deal of the tenant, oldest first (the tenant export).
pub async fn all(tx: &mut TenantTx) -> Result<Vec<Transaction>, ApiError> {
    select(tx, "order by created_at, id", |q| q).await
}

/// How many deals the tenant holds, for the plan's quota.
pub async fn count(tx: &mut TenantTx) -> Result<u64, ApiError> {
    let n: i64 = sqlx::query_scalar("select count(*) from transactions where tenant_id = $1")
        .bind(tx.tenant_id().as_uuid())
        .fetch_one(tx.conn())
        .await?;
    Ok(n as u64)
}

pub fn duplicate_loop() -> ApiError {
    ApiError::Conflict {
        code: "duplicate_loop",
        message: "Another transaction already holds this Dotloop loop; edit that one instead."
            .into(),
    }
}

/// Stores `deals` whole at `version`: new ids are inserted, known ones replaced (their
/// creation time stays). A loop view id another deal holds is refused as
/// `duplicate_loop`.
pub async fn write(
    tx: &mut TenantTx,
    deals: &[(TransactionId, &TransactionFields)],
    version: i64,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let sql = batch::upsert_sql();
    // In id order, the indexes that end in the id after columns a write shares (the
    // primary key, version and update time) take their rows in key order, so PostgreSQL
    // fills leaf pages one after another instead of a random page per row: a
    // 50,000-loop import writes about a fifth faster.
    let mut deals: Vec<&(TransactionId, &TransactionFields)> = deals.iter().collect();
    deals.sort_unstable_by_key(|(id, _)| *id);
    for chunk in deals.chunks(BATCH) {
        let mut columns = batch::Columns::default();
        for &&(id, fields) in chunk {
            columns.push(StoredRow::of(id, fields));
        }
        let statement = sqlx::query(&sql)
            .bind(tx.tenant_id().as_uuid())
            .bind(version)
            .bind(now);
        columns
            .bind(statement)
            .execute(tx.conn())
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    duplicate_loop()
                } else {
                    e.into()
                }
            })?;
    }
    Ok(())
}
