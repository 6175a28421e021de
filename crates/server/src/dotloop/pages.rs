//! The small pages the browser shows when Dotloop sends it back to the callback. The
//! person reads them, then returns to the desktop app, which polls `GET /v1/dotloop`.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// A page for the browser: status, a title and one sentence of what to do next.
pub struct CallbackPage {
    pub status: StatusCode,
    pub title: &'static str,
    pub message: &'static str,
}

impl CallbackPage {
    pub fn connected() -> Self {
        Self {
            status: StatusCode::OK,
            title: "Connected to Dotloop",
            message: "Brokerdesk can now read this Dotloop account. Close this tab and return to the app; the first import has started.",
        }
    }

    pub fn denied() -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            title: "Dotloop was not connected",
            message: "Access was declined in Dotloop. Return to the app and choose Connect Dotloop again if that was a mistake.",
        }
    }

    pub fn bad_state() -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            title: "This link cannot be used",
            message: "It was altered, already used, or belongs to another connection attempt. Return to the app and choose Connect Dotloop again.",
        }
    }

    pub fn expired() -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            title: "This link has expired",
            message: "Connecting must be finished within 10 minutes. Return to the app and choose Connect Dotloop again.",
        }
    }

    pub fn failed() -> Self {
        Self {
            status: StatusCode::BAD_GATEWAY,
            title: "Dotloop did not complete the connection",
            message: "Dotloop refused or did not answer the last step. Return to the app and try Connect Dotloop again in a few minutes.",
        }
    }
}

impl IntoResponse for CallbackPage {
    fn into_response(self) -> Response {
        // Every piece is a constant above: nothing from the request is echoed back.
        let body = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
             <body style=\"font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto\">\
             <h1>{title}</h1><p>{message}</p></body></html>",
            title = self.title,
            message = self.message
        );
        (self.status, Html(body)).into_response()
    }
}
