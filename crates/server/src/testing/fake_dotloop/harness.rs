//! The API wired to a fake Dotloop and a recording store, with the steps the Dotloop
//! tests share: connect through the browser flow, wait for an import run to end.

use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

use super::{FakeDotloop, RecordingStore};
use crate::dotloop::Dotloop;
use crate::dotloop::config::DotloopArgs;
use crate::dotloop::store::SharedStore;
use crate::sealed::MasterKey;
use crate::seed::DEMO_PASSWORD;
use crate::testing::api::{SignedIn, signed_in};
use crate::testing::{TEST_MASTER_KEY, TestApp};

pub struct DotloopTestApp {
    pub app: TestApp,
    pub fake: FakeDotloop,
    pub store: RecordingStore,
    args: DotloopArgs,
    public_url: String,
}

/// How a browser landing on the callback saw it.
pub struct CallbackSeen {
    pub status: StatusCode,
    pub page: String,
}

impl DotloopTestApp {
    /// The API with the demo tenants (acme, summit), pointed at a fresh fake Dotloop.
    /// Deals land in [`Self::store`], which records them.
    pub async fn spawn() -> Self {
        Self::spawn_storing(None).await
    }

    /// The same, with deals stored in the database as the server stores them.
    pub async fn spawn_storing_deals() -> Self {
        Self::spawn_storing(Some(SharedStore::default())).await
    }

    async fn spawn_storing(deals: Option<SharedStore>) -> Self {
        let fake = FakeDotloop::start().await;
        let store = RecordingStore::default();
        let deals = deals.unwrap_or_else(|| store.shared());
        let mut seen = None;
        let app = TestApp::spawn_with(|config| {
            fake.configure(config, deals.clone());
            seen = Some((config.dotloop.clone(), config.public_url.clone()));
        })
        .await;
        crate::seed::seed_demo(&app.db.args)
            .await
            .expect("the demo seed runs");
        // The tests poll the import's progress; no plan allowance should cut them off.
        for tenant in ["acme", "summit"] {
            app.set_plan(tenant, "enterprise").await;
        }
        let (args, public_url) = seen.expect("configured");
        Self {
            app,
            fake,
            store,
            args,
            public_url,
        }
    }

    /// Signs in `tenant`'s demo owner.
    pub async fn owner(&self, tenant: &str) -> SignedIn {
        let email = format!("owner@{tenant}.test");
        signed_in(self.app.sign_in(tenant, &email, DEMO_PASSWORD).await)
    }

    /// Spawned, with acme's owner connected and the first import done.
    pub async fn spawn_connected() -> (Self, SignedIn) {
        let t = Self::spawn().await;
        let owner = t.owner("acme").await;
        let run = t.connect(&owner.access_token).await;
        assert_eq!(run["status"], "succeeded", "{run}");
        (t, owner)
    }

    /// A handle on the same Dotloop settings, database and store as the server's, for
    /// calling the domain's functions directly.
    pub async fn dotloop(&self) -> Dotloop {
        Dotloop::new(
            self.args.resolve(&self.public_url).expect("valid settings"),
            self.app.db.database().await,
            MasterKey::from_base64(TEST_MASTER_KEY).expect("the test key"),
            self.store.shared(),
        )
        .expect("a client")
    }

    /// `POST /v1/dotloop/connect` as `token`: the authorize URL.
    pub async fn authorize_url(&self, token: &str) -> String {
        let started = self.app.post("/v1/dotloop/connect", token, None).await;
        assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
        started.body["authorizeUrl"]
            .as_str()
            .expect("an authorize URL")
            .to_owned()
    }

    /// Opens `url` as the browser would, following the redirect to the callback.
    pub async fn browse(&self, url: &str) -> CallbackSeen {
        let response = reqwest::get(url).await.expect("the browser gets an answer");
        CallbackSeen {
            status: response.status(),
            page: response.text().await.expect("a page"),
        }
    }

    /// Connects as `token` through the whole browser flow and waits for the first
    /// import to end; returns that run.
    pub async fn connect(&self, token: &str) -> Value {
        let url = self.authorize_url(token).await;
        let seen = self.browse(&url).await;
        assert_eq!(seen.status, StatusCode::OK, "{}", seen.page);
        self.wait_for_run(token).await
    }

    /// Polls `GET /v1/dotloop` until the latest run has ended; returns it.
    pub async fn wait_for_run(&self, token: &str) -> Value {
        for _ in 0..600 {
            let status = self.app.get("/v1/dotloop", token).await;
            assert_eq!(status.status, StatusCode::OK, "{:?}", status.body);
            let run = &status.body["latestRun"];
            if !run.is_null() && run["status"] != "running" {
                return run.clone();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the Dotloop import did not end within a minute");
    }
}
