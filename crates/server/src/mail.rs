//! Outgoing mail. A handler hands a [`Mail`] to the configured [`Mailer`] inside its
//! tenant transaction, so the mail belongs to the change that caused it:
//!
//! - [`OutboxMailer`] (no SMTP configured) writes it to the tenant's `mail_outbox` in that
//!   transaction, so it exists exactly when the change commits;
//! - [`SmtpMailer`] checks it can be sent, and leaves the sending, which cannot be rolled
//!   back, to a [`Dispatch`] the handler runs after commit. A mail server that is down
//!   then costs the mail, not the change: the invitation stands and can be resent.

use lettre::message::Mailbox;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use uuid::Uuid;

use crate::db::TenantTx;
use crate::error::ApiError;

/// How long an SMTP exchange may take before the mail is given up on.
const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A plain-text mail to one recipient.
#[derive(Clone, Debug)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub trait Mailer: Send + Sync {
    /// Takes `mail` as part of `tx`. Whatever must wait until `tx` has committed comes
    /// back as a [`Dispatch`].
    fn submit<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        mail: Mail,
    ) -> BoxFuture<'a, Result<Dispatch, ApiError>>;
}

/// Mail work left for after commit. Dropping it (because the transaction failed) sends
/// nothing.
#[must_use = "run it once the transaction has committed"]
pub struct Dispatch(Option<BoxFuture<'static, ()>>);

impl Dispatch {
    pub fn nothing() -> Self {
        Self(None)
    }

    /// Delivers what was left. Failures are logged rather than returned: the change the
    /// mail belongs to has committed, and failing its request now would only mislead.
    pub async fn run(self) {
        if let Some(delivery) = self.0 {
            delivery.await;
        }
    }
}

/// Writes mail to the tenant's outbox, for deployments without an SMTP server (and for
/// development): `GET /v1/mail-outbox` shows it.
pub struct OutboxMailer;

impl Mailer for OutboxMailer {
    fn submit<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        mail: Mail,
    ) -> BoxFuture<'a, Result<Dispatch, ApiError>> {
        Box::pin(async move {
            let version = tx.next_version().await?;
            sqlx::query(
                "insert into mail_outbox (tenant_id, id, to_address, subject, body, version)
                 values ($1, $2, $3, $4, $5, $6)",
            )
            .bind(tx.tenant_id().as_uuid())
            .bind(Uuid::now_v7())
            .bind(&mail.to)
            .bind(&mail.subject)
            .bind(&mail.body)
            .bind(version)
            .execute(tx.conn())
            .await?;
            Ok(Dispatch::nothing())
        })
    }
}

/// Sends mail through an SMTP server, after commit.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// `url` as lettre reads it: `smtp://` (with `?tls=required` for STARTTLS) or
    /// `smtps://`, optionally with `user:password@`. TLS is rustls with the webpki roots.
    pub fn from_url(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("BROKERDESK_SMTP_URL is not usable: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("BROKERDESK_MAIL_FROM {from:?} is not an address: {e}"))?;
        Ok(Self { transport, from })
    }

    fn message(&self, mail: &Mail) -> Result<Message, ApiError> {
        let to: Mailbox = mail.to.parse().map_err(|_| {
            ApiError::validation("invalid_email", "This email address cannot receive mail.")
        })?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .body(mail.body.clone())
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("building a mail failed: {e}")))
    }
}

impl Mailer for SmtpMailer {
    fn submit<'a>(
        &'a self,
        _tx: &'a mut TenantTx,
        mail: Mail,
    ) -> BoxFuture<'a, Result<Dispatch, ApiError>> {
        // Built now, so an address the mail server could never take fails the change.
        let message = self.message(&mail);
        let transport = self.transport.clone();
        Box::pin(async move {
            let message = message?;
            Ok(Dispatch(Some(Box::pin(async move {
                if let Err(error) = transport.send(message).await {
                    tracing::warn!(%error, subject = %mail.subject, "sending mail failed");
                }
            }))))
        })
    }
}

/// The mailer `config` asks for: SMTP when a URL is given, otherwise the outbox.
pub fn from_config(smtp_url: Option<&str>, from: &str) -> anyhow::Result<Box<dyn Mailer>> {
    Ok(match smtp_url {
        Some(url) => Box::new(SmtpMailer::from_url(url, from)?),
        None => Box::new(OutboxMailer),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_mailer_reads_its_url_and_builds_messages() {
        let mailer = SmtpMailer::from_url(
            "smtps://user:secret@smtp.example.com",
            "Brokerdesk <no-reply@example.com>",
        )
        .unwrap();
        let mail = Mail {
            to: "new.agent@example.com".into(),
            subject: "You are invited".into(),
            body: "Follow the link.".into(),
        };
        let formatted = String::from_utf8(mailer.message(&mail).unwrap().formatted()).unwrap();
        assert!(
            formatted.contains("To: new.agent@example.com"),
            "{formatted}"
        );
        assert!(
            formatted.contains("Subject: You are invited"),
            "{formatted}"
        );

        let bad = Mail {
            to: "not an address".into(),
            ..mail
        };
        assert_eq!(mailer.message(&bad).unwrap_err().code(), "invalid_email");
        assert!(SmtpMailer::from_url("http://smtp.example.com", "a@b.test").is_err());
        assert!(SmtpMailer::from_url("smtp://smtp.example.com", "nobody").is_err());
    }
}
