//! `brokerdesk-server seed-demo`: demo brokerages for local use and screenshots. It
//! writes through the API's own role and scoped transactions, so the demo data obeys
//! the same row-level security as real data.

use brokerdesk_core::api_key::Scope;
use brokerdesk_core::role::Role;
use brokerdesk_core::subdomain::Subdomain;
use brokerdesk_core::tenant::PlanTier;
use std::fmt;

use brokerdesk_core::ids::UserId;

use crate::api_keys::{self, NewApiKey};
use crate::app::config::AdminDatabaseArgs;
use crate::auth::password;
use crate::db::Database;
use crate::leads::actor::SystemActor;
use crate::tenancy::{self, NewTenant, NewUser};

mod demo_commissions;
pub mod demo_kb;
mod demo_leads;
mod demo_overrides;
mod demo_privacy;
mod demo_retention;
mod demo_roster;
mod demo_transactions;

const SEED_ACTOR: &str = "system:seed-demo";

/// The demo tenant's agent, who gets one of the demo leads.
async fn agent_of(tx: &mut crate::db::TenantTx) -> anyhow::Result<Option<UserId>> {
    let agent: Option<uuid::Uuid> = sqlx::query_scalar(
        "select id from users where tenant_id = $1 and role = 'agent' order by email limit 1",
    )
    .bind(tx.tenant_id().as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    Ok(agent.map(UserId::from_uuid))
}

/// Every demo user's password. Demo data only: printed in the README on purpose.
pub const DEMO_PASSWORD: &str = "brokerdesk-demo-password";

struct DemoTenant {
    name: &'static str,
    subdomain: &'static str,
    plan: PlanTier,
    users: &'static [(&'static str, &'static str, Role)],
}

const DEMO_TENANTS: &[DemoTenant] = &[
    DemoTenant {
        name: "Acme Realty",
        subdomain: "acme",
        plan: PlanTier::Professional,
        users: &[
            ("owner@acme.test", "Olivia Owner", Role::Owner),
            ("admin@acme.test", "Adam Admin", Role::Admin),
            ("agent@acme.test", "Ava Agent", Role::Agent),
            ("viewer@acme.test", "Victor Viewer", Role::Viewer),
        ],
    },
    DemoTenant {
        name: "Summit Homes",
        subdomain: "summit",
        plan: PlanTier::Starter,
        users: &[
            ("owner@summit.test", "Sam Summit", Role::Owner),
            ("agent@summit.test", "Sara Agent", Role::Agent),
        ],
    },
];

#[derive(Debug, Default)]
pub struct SeedReport {
    pub created: Vec<&'static str>,
    pub already_present: Vec<&'static str>,
    /// (subdomain, full key) of the API key made for each tenant created in this run.
    /// Only its hash is stored, so this report is the one place it is ever shown; a
    /// rerun skips existing tenants and makes no new keys, which keeps seeding idempotent.
    pub api_keys: Vec<(&'static str, String)>,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo tenants created: [{}]; already present: [{}]",
            self.created.join(", "),
            self.already_present.join(", ")
        )?;
        for (subdomain, key) in &self.api_keys {
            write!(
                f,
                "\n{subdomain} API key (shown once; only its hash is stored): {key}"
            )?;
        }
        Ok(())
    }
}

pub async fn seed_demo(args: &AdminDatabaseArgs) -> anyhow::Result<SeedReport> {
    let db = Database::connect(args.app_options()?, 2).await?;
    let mut report = SeedReport::default();
    for demo in DEMO_TENANTS {
        let subdomain = Subdomain::parse(demo.subdomain)?;
        let mut platform = db.begin_platform(SEED_ACTOR).await?;
        if tenancy::find_by_subdomain(&mut platform, &subdomain)
            .await?
            .is_some()
        {
            report.already_present.push(demo.subdomain);
            continue;
        }
        let mut tx = tenancy::create_tenant(
            platform,
            NewTenant {
                name: demo.name,
                subdomain: &subdomain,
                plan: demo.plan,
            },
            SEED_ACTOR,
        )
        .await?;
        let password_hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
        let mut owner = None;
        for &(email, display_name, role) in demo.users {
            let new_user = NewUser {
                email,
                display_name,
                role,
            };
            let user = tenancy::add_user(&mut tx, new_user).await?;
            tenancy::set_password_hash(&mut tx, user, &password_hash).await?;
            if role == Role::Owner {
                owner = Some(user);
            }
        }
        if let Some(owner) = owner.filter(|_| demo.plan.plan().features.api_access) {
            let demo_key = NewApiKey {
                name: "Demo chatbot and AI calling",
                scopes: &Scope::ALL,
                expires_at: None,
                created_by: owner,
            };
            let created = api_keys::create(&mut tx, demo_key)
                .await
                .map_err(|e| anyhow::anyhow!("demo API key for {}: {e:?}", demo.subdomain))?;
            report.api_keys.push((demo.subdomain, created.key));
        }
        demo_roster::seed(&mut tx, demo.subdomain)
            .await
            .map_err(|e| anyhow::anyhow!("demo roster for {}: {e:?}", demo.subdomain))?;
        demo_transactions::seed(&mut tx, demo.subdomain)
            .await
            .map_err(|e| anyhow::anyhow!("demo deals for {}: {e:?}", demo.subdomain))?;
        demo_commissions::seed(&mut tx)
            .await
            .map_err(|e| anyhow::anyhow!("demo plans for {}: {e:?}", demo.subdomain))?;
        demo_overrides::seed(&mut tx)
            .await
            .map_err(|e| anyhow::anyhow!("demo overrides for {}: {e:?}", demo.subdomain))?;
        demo_privacy::seed(&mut tx)
            .await
            .map_err(|e| anyhow::anyhow!("demo privacy requests for {}: {e:?}", demo.subdomain))?;
        if let Some(owner) = owner {
            demo_kb::seed(&mut tx, demo.subdomain, owner)
                .await
                .map_err(|e| {
                    anyhow::anyhow!("demo knowledge base for {}: {e:?}", demo.subdomain)
                })?;
        }
        let agent = agent_of(&mut tx).await?;
        let mut actor = SystemActor {
            tx,
            plan: demo.plan,
            name: SEED_ACTOR.into(),
        };
        demo_leads::seed(&mut actor, agent)
            .await
            .map_err(|e| anyhow::anyhow!("demo leads for {}: {e:?}", demo.subdomain))?;
        if let Some(owner) = owner {
            demo_retention::seed(&mut actor.tx, owner)
                .await
                .map_err(|e| anyhow::anyhow!("demo retention for {}: {e:?}", demo.subdomain))?;
        }
        actor.tx.commit().await?;
        report.created.push(demo.subdomain);
    }
    db.close().await;
    Ok(report)
}

/// Creates the demo platform-staff account (idempotent) and says how to sign in as it.
pub async fn seed_demo_staff(
    args: &AdminDatabaseArgs,
    master: &crate::sealed::MasterKey,
) -> anyhow::Result<String> {
    let db = Database::connect(args.app_options()?, 2).await?;
    let mut tx = db.begin_platform(SEED_ACTOR).await?;
    let exists: bool =
        sqlx::query_scalar("select exists(select 1 from staff where lower(email) = $1)")
            .bind(crate::staff::DEMO_STAFF_EMAIL)
            .fetch_one(tx.conn())
            .await?;
    if exists {
        tx.commit().await?;
        db.close().await;
        return Ok(format!(
            "demo staff {} already present",
            crate::staff::DEMO_STAFF_EMAIL
        ));
    }
    let seed = crate::staff::DEMO_STAFF_SEED.to_vec();
    let created = crate::staff::create(
        &mut tx,
        master,
        crate::staff::DEMO_STAFF_EMAIL,
        "Pat Support",
        DEMO_PASSWORD.into(),
        seed,
    )
    .await?;
    // One past support session in acme, so the owner's audit trail shows what one looks like.
    let acme = crate::tenancy::find_by_subdomain(&mut tx, &Subdomain::parse("acme")?).await?;
    tx.commit().await?;
    if let Some(tenant_id) = acme {
        let demo_session = crate::staff::NewSupportSession {
            tenant_id,
            staff_id: created.id,
            staff_display: "Pat Support".into(),
            reason: "Demo: helping the owner connect the website chatbot".into(),
            ticket: Some("SUP-1001".into()),
        };
        let client = crate::auth::sessions::ClientInfo::default();
        let (session, _) = crate::staff::start_support_session(&db, demo_session, &client)
            .await
            .map_err(|e| anyhow::anyhow!("demo support session: {e}"))?;
        // A past session: it ended as soon as it began.
        let scope = crate::db::TenantScope {
            tenant_id,
            actor: SEED_ACTOR.into(),
        };
        let mut tx = db.begin_tenant(scope).await?;
        sqlx::query(
            "update support_sessions set ended_at = started_at where tenant_id = $1 and id = $2",
        )
        .bind(tenant_id.as_uuid())
        .bind(session.id)
        .execute(tx.conn())
        .await?;
        tx.commit().await?;
    }
    db.close().await;
    Ok(format!(
        "demo staff {} created; authenticator secret {}",
        crate::staff::DEMO_STAFF_EMAIL,
        created.totp_secret
    ))
}
