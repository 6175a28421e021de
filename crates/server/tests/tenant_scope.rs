//! The tenant-scoped transaction: it sets the tenant for RLS, bumps the tenant's clock
//! once, and leaves nothing behind on a pooled connection.

use brokerdesk_core::role::Role;
use brokerdesk_server::tenancy::{self, NewUser};
use brokerdesk_server::testing::{TestDatabase, create_tenant, scope};

#[tokio::test]
async fn a_tenant_transaction_sees_only_its_tenant_and_versions_increase() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let acme = create_tenant(&db, "acme").await;
    let summit = create_tenant(&db, "summit").await;

    let mut tx = db.begin_tenant(scope(acme)).await.unwrap();
    let emails: Vec<String> = sqlx::query_scalar("select email from users order by email")
        .fetch_all(tx.conn())
        .await
        .unwrap();
    assert_eq!(emails, ["owner@acme.test"]);
    let first = tx.next_version().await.unwrap();
    assert_eq!(
        tx.next_version().await.unwrap(),
        first,
        "one version per transaction, for every row it writes"
    );
    tx.commit().await.unwrap();
    let mut tx = db.begin_tenant(scope(acme)).await.unwrap();
    assert_eq!(tx.next_version().await.unwrap(), first + 1);
    tx.commit().await.unwrap();

    // Summit's clock moved independently of Acme's.
    let mut tx = db.begin_tenant(scope(summit)).await.unwrap();
    assert_eq!(
        tx.next_version().await.unwrap(),
        2,
        "summit: one user written, then this bump"
    );
}

#[tokio::test]
async fn a_rolled_back_tenant_transaction_writes_nothing() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let acme = create_tenant(&db, "acme").await;
    let mut tx = db.begin_tenant(scope(acme)).await.unwrap();
    tenancy::add_user(
        &mut tx,
        NewUser {
            email: "ghost@acme.test",
            display_name: "Ghost",
            role: Role::Agent,
        },
    )
    .await
    .unwrap();
    drop(tx);

    let mut tx = db.begin_tenant(scope(acme)).await.unwrap();
    let count: i64 =
        sqlx::query_scalar("select count(*) from users where email = 'ghost@acme.test'")
            .fetch_one(tx.conn())
            .await
            .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn the_tenant_setting_does_not_leak_to_the_next_user_of_a_connection() {
    let test_db = TestDatabase::create().await;
    let db = test_db.database().await;
    let acme = create_tenant(&db, "acme").await;
    let tx = db.begin_tenant(scope(acme)).await.unwrap();
    tx.commit().await.unwrap();

    // A plain query on the app role (any pooled connection) now sees no tenant rows.
    let app = test_db.app_pool().await;
    let visible: i64 = sqlx::query_scalar("select count(*) from users")
        .fetch_one(&app)
        .await
        .unwrap();
    let setting: Option<String> =
        sqlx::query_scalar("select nullif(current_setting('app.tenant_id', true), '')")
            .fetch_one(&app)
            .await
            .unwrap();
    assert_eq!((visible, setting), (0, None));
}

#[tokio::test]
async fn seed_demo_is_idempotent_and_creates_two_tenants_on_different_plans() {
    let test_db = TestDatabase::create().await;
    let first = brokerdesk_server::seed::seed_demo(&test_db.args)
        .await
        .unwrap();
    let second = brokerdesk_server::seed::seed_demo(&test_db.args)
        .await
        .unwrap();
    assert_eq!(first.created, ["acme", "summit"]);
    assert!(second.created.is_empty());
    let admin = test_db.admin_pool().await;
    let plans: Vec<String> = sqlx::query_scalar("select plan from tenants order by subdomain")
        .fetch_all(&admin)
        .await
        .unwrap();
    assert_eq!(plans, ["professional", "starter"]);
    let roles: Vec<String> = sqlx::query_scalar("select distinct role from users order by role")
        .fetch_all(&admin)
        .await
        .unwrap();
    assert_eq!(roles, ["admin", "agent", "owner", "viewer"]);
}
