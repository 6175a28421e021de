//! The routes that prove who someone is and manage their own account: registration,
//! sign-in, refresh and sign-out, password resets, multi-factor enrolment, and `me`
//! (the signed-in user, their sessions and their password).

mod me;
mod mfa;
mod password_reset;
mod register;
mod sign_in;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register::register))
        .routes(routes!(sign_in::sign_in))
        .routes(routes!(sign_in::refresh))
        .routes(routes!(sign_in::sign_out))
        .routes(routes!(password_reset::request_reset))
        .routes(routes!(password_reset::complete_reset))
        .routes(routes!(me::me))
        .routes(routes!(me::list_sessions))
        .routes(routes!(me::revoke_session))
        .routes(routes!(me::change_password))
        .routes(routes!(mfa::enrol))
        .routes(routes!(mfa::confirm))
        .routes(routes!(mfa::disable))
}
