//! Deals in bulk, for benchmarks: written straight into the table in one statement, as
//! a tenant that imported a large Dotloop history holds them.

use brokerdesk_core::ids::TenantId;
use sqlx::PgPool;

/// Writes `count` deals (loop view ids from 30,000,001 on) for `tenant` at one new clock version, which
/// it returns. Each is shaped like a loop of a real export: the address, MLS number,
/// price and commission, dates, two participants with emails and roles, tags and five
/// custom fields, with the derived columns the API keeps (participant emails and
/// names, search text) filled as its writes fill them.
pub async fn seed_transactions(
    admin: &PgPool,
    tenant: TenantId,
    count: i64,
) -> Result<i64, sqlx::Error> {
    let mut tx = admin.begin().await?;
    let version: i64 = sqlx::query_scalar(
        "update tenant_clock set version = version + 1 where tenant_id = $1 returning version",
    )
    .bind(tenant.as_uuid())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "insert into transactions (tenant_id, id, loop_view_id, loop_id, profile_id, name,
             status, transaction_type, street_number, street_name, city, state, postal_code,
             mls_number, parcel_id, sale_price, commission_rate, commission_total,
             buy_side_split_percent, sell_side_split_percent, contract_date, closing_date,
             tags, compliance_status, loop_url, loop_created_at, participants, custom_fields,
             participant_emails, participant_names, search_text, version)
         select $1, gen_random_uuid(), (30000000 + n)::text, (900000 + n)::text, '4711',
                (n % 997 + 1) || ' Harbor Rd, Portland',
                (array['ACTIVE_LISTING', 'UNDER_CONTRACT', 'SOLD', 'ARCHIVED'])[1 + n % 4],
                (array['LISTING_FOR_SALE', 'PURCHASE_OFFER'])[1 + n % 2],
                (n % 997 + 1)::text, 'Harbor Rd', 'Portland', 'ME',
                lpad((4000 + n % 900)::text, 5, '0'), 'ME-' || n, '0042-' || n,
                200000 + (n % 900) * 1000, 3, (200000 + (n % 900) * 1000) * 0.03, 50, 50,
                date '2025-01-01' + (n % 300)::int, date '2025-02-01' + (n % 300)::int,
                '[\"Buyer\", \"Referral\"]'::jsonb,
                'Approved', 'https://www.dotloop.com/loop/' || (30000000 + n) || '/view',
                timestamptz '2025-01-01' + n * interval '1 minute',
                jsonb_build_array(
                    jsonb_build_object('name', 'Agent ' || (n % 40), 'role', 'LISTING_AGENT',
                                       'email', 'agent' || (n % 40) || '@acme.test'),
                    jsonb_build_object('name', 'Buyer ' || n, 'role', 'BUYER',
                                       'email', 'buyer' || n || '@example.test')),
                jsonb_build_array(
                    jsonb_build_object('section', '', 'field', 'Created By',
                                       'value', 'Agent ' || (n % 40)),
                    jsonb_build_object('section', '', 'field', 'Joined Date',
                                       'value', '2025-01-01'),
                    jsonb_build_object('section', 'Listing Information', 'field', 'Remarks',
                                       'value', 'Sunny, quiet street. Seller says \"as is\".'),
                    jsonb_build_object('section', 'Lead Source', 'field', 'Lead Source',
                                       'value', 'Zillow'),
                    jsonb_build_object('section', 'Company Information',
                                       'field', 'office managing broker', 'value', 'Mary Major')),
                array['agent' || (n % 40) || '@acme.test', 'buyer' || n || '@example.test'],
                array['agent ' || (n % 40), 'buyer ' || n],
                lower((n % 997 + 1) || ' harbor rd, portland ' || (n % 997 + 1)
                      || ' harbor rd, portland, me ' || lpad((4000 + n % 900)::text, 5, '0')
                      || ' me-' || n),
                $2
           from generate_series(1, $3) as n",
    )
    .bind(tenant.as_uuid())
    .bind(version)
    .bind(count)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(version)
}
