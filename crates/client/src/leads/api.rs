//! The lead routes of the hosted API, for the desktop's online work: the list and
//! record, consent and the call check, the do-not-call list, import and export. Each
//! call refreshes the access token once if the server says it has expired. (Offline,
//! the desktop reads the same things from the cache: [`crate::sync::LocalStore`].)

use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::activity::LeadActivity;
use brokerdesk_core::leads::consent::{
    CallCheckQuery, CallDecision, ConsentEntry, DncEntry, NewConsent, NewDncEntry,
};
use brokerdesk_core::leads::csv::{ImportPreview, ImportRequest, ImportResult};
use brokerdesk_core::leads::list::{LeadListQuery, LeadPage};
use brokerdesk_core::leads::{Lead, LeadChanges};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::api::ApiError;
use crate::session::{Session, SessionError};

pub struct LeadsApi<'a> {
    session: &'a Session,
}

/// What a request carries besides its path.
enum Payload<'b, B: Serialize> {
    None,
    Query(&'b B),
    Json(&'b B),
}

impl<'a> LeadsApi<'a> {
    pub fn new(session: &'a Session) -> Self {
        Self { session }
    }

    async fn request(
        &self,
        method: &Method,
        path: &str,
        payload: &Payload<'_, impl Serialize>,
    ) -> Result<reqwest::RequestBuilder, SessionError> {
        let token = self.session.access_token().await?;
        let request = self
            .session
            .api()
            .request(method.clone(), path)?
            .bearer_auth(token);
        Ok(match payload {
            Payload::None => request,
            Payload::Query(query) => request.query(query),
            Payload::Json(body) => request.json(body),
        })
    }

    /// Runs `attempt`, and once more after refreshing the access token if the server
    /// answered 401.
    async fn with_refresh<T, F, Fut>(&self, attempt: F) -> Result<T, SessionError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Result<T, ApiError>, SessionError>>,
    {
        match attempt().await? {
            Err(error) if error.status() == Some(StatusCode::UNAUTHORIZED) => {
                self.session.refresh().await?;
                Ok(attempt().await??)
            }
            answer => Ok(answer?),
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        payload: Payload<'_, impl Serialize>,
    ) -> Result<T, SessionError> {
        self.with_refresh(|| async {
            let request = self.request(&method, path, &payload).await?;
            Ok(self.session.api().send(request, &[]).await)
        })
        .await
    }

    pub async fn list(&self, query: &LeadListQuery) -> Result<LeadPage, SessionError> {
        self.send(Method::GET, "v1/leads", Payload::Query(query))
            .await
    }

    pub async fn get(&self, id: LeadId) -> Result<Lead, SessionError> {
        self.send(Method::GET, &format!("v1/leads/{id}"), Payload::<()>::None)
            .await
    }

    pub async fn create(&self, changes: &LeadChanges) -> Result<Lead, SessionError> {
        self.send(Method::POST, "v1/leads", Payload::Json(changes))
            .await
    }

    pub async fn update(&self, id: LeadId, changes: &LeadChanges) -> Result<Lead, SessionError> {
        self.send(
            Method::PATCH,
            &format!("v1/leads/{id}"),
            Payload::Json(changes),
        )
        .await
    }

    /// Erases the lead for a privacy request (owners and admins).
    pub async fn erase(&self, id: LeadId) -> Result<(), SessionError> {
        self.send::<serde::de::IgnoredAny>(
            Method::DELETE,
            &format!("v1/leads/{id}"),
            Payload::<()>::None,
        )
        .await
        .map(|_| ())
    }

    pub async fn consents(&self, id: LeadId) -> Result<Vec<ConsentEntry>, SessionError> {
        self.send(
            Method::GET,
            &format!("v1/leads/{id}/consents"),
            Payload::<()>::None,
        )
        .await
    }

    pub async fn add_consent(
        &self,
        id: LeadId,
        consent: &NewConsent,
    ) -> Result<ConsentEntry, SessionError> {
        self.send(
            Method::POST,
            &format!("v1/leads/{id}/consents"),
            Payload::Json(consent),
        )
        .await
    }

    pub async fn call_check(
        &self,
        id: LeadId,
        query: &CallCheckQuery,
    ) -> Result<CallDecision, SessionError> {
        self.send(
            Method::GET,
            &format!("v1/leads/{id}/call-check"),
            Payload::Query(query),
        )
        .await
    }

    pub async fn activity(&self, id: LeadId) -> Result<LeadActivity, SessionError> {
        self.send(
            Method::GET,
            &format!("v1/leads/{id}/activity"),
            Payload::<()>::None,
        )
        .await
    }

    pub async fn dnc(&self) -> Result<Vec<DncEntry>, SessionError> {
        self.send(Method::GET, "v1/dnc", Payload::<()>::None).await
    }

    pub async fn add_dnc(&self, entry: &NewDncEntry) -> Result<DncEntry, SessionError> {
        self.send(Method::POST, "v1/dnc", Payload::Json(entry))
            .await
    }

    pub async fn remove_dnc(&self, id: Uuid) -> Result<(), SessionError> {
        self.send::<serde::de::IgnoredAny>(
            Method::DELETE,
            &format!("v1/dnc/{id}"),
            Payload::<()>::None,
        )
        .await
        .map(|_| ())
    }

    pub async fn preview_import(
        &self,
        request: &ImportRequest,
    ) -> Result<ImportPreview, SessionError> {
        self.send(
            Method::POST,
            "v1/leads/import/preview",
            Payload::Json(request),
        )
        .await
    }

    pub async fn apply_import(
        &self,
        request: &ImportRequest,
    ) -> Result<ImportResult, SessionError> {
        self.send(Method::POST, "v1/leads/import", Payload::Json(request))
            .await
    }

    /// The leads the filters match (their sort and paging aside) as CSV, recorded in the
    /// tenant's audit trail by the server.
    pub async fn export_csv(&self, filter: &LeadListQuery) -> Result<String, SessionError> {
        self.with_refresh(|| async {
            let request = self
                .request(&Method::GET, "v1/leads/export", &Payload::Query(filter))
                .await?;
            Ok(self.session.api().send_for_text(request).await)
        })
        .await
    }
}
