//! Delivery of the outbox over SMTP. Each server runs one worker; a worker claims one message
//! at a time for a lease longer than a send may take, so two servers never send the same
//! message, and a message whose server died is sent when its lease runs out.

use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sqlx::PgPool;

use super::Outbox;
use crate::config::{ConfigError, MailConfig};
use crate::db::mail::{self as outbox, ClaimedMail};

/// How long a claimed message is its worker's; longer than [`SEND_TIMEOUT`] by far.
pub const LEASE_SECS: i64 = 300;
/// How long one SMTP conversation may take.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// How often the outbox is looked at when nothing wakes the worker (retries, other servers).
const POLL: Duration = Duration::from_secs(15);
/// Messages sent in one round before the worker looks at its wake-up again.
const ROUND: usize = 50;

/// The SMTP connection settings and the sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    domain: String,
}

impl Mailer {
    /// Checks the configuration at start-up, so a bad address stops the server with its name.
    pub fn new(config: &MailConfig) -> Result<Self, ConfigError> {
        let from: Mailbox = config.from.parse().map_err(|e| ConfigError {
            name: "MAIL_FROM",
            message: format!("`{}` is not a sender address: {e}", config.from),
        })?;
        let domain = from.email.domain().to_string();
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(config.smtp_url.expose())
            .map_err(|_| ConfigError {
                name: "SMTP_URL",
                message:
                    "is not an SMTP address such as smtp://user:password@host:587?tls=required"
                        .to_string(),
            })?
            .hello_name(ClientId::Domain(domain.clone()))
            .timeout(Some(SEND_TIMEOUT))
            .build();
        Ok(Self {
            transport,
            from,
            domain,
        })
    }

    /// Sends one message. Its Message-ID is the outbox row's, so a message sent again after a
    /// crash is recognisably the same one.
    pub async fn send(&self, mail: &ClaimedMail) -> Result<(), String> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let body =
            Body::new_with_encoding(mail.body.clone(), ContentTransferEncoding::QuotedPrintable)
                .map_err(|_| "body cannot be encoded".to_string())?;
        let message = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(format!("<{}@{}>", mail.id, self.domain)))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// Seconds before a message that failed `attempts` times is tried again: 30 s, doubling, at
/// most an hour.
pub fn retry_after_secs(attempts: i32) -> i64 {
    let doublings = attempts.clamp(1, 8) - 1;
    (30_i64 << doublings).min(3600)
}

/// Sends what is due, one claimed message at a time; how many were tried.
pub async fn deliver_due(db: &PgPool, mailer: &Mailer) -> Result<usize, sqlx::Error> {
    let mut tried = 0;
    while tried < ROUND {
        let Some(mail) = outbox::claim_next(db, LEASE_SECS).await? else {
            break;
        };
        tried += 1;
        match mailer.send(&mail).await {
            Ok(()) => outbox::mark_sent(db, mail.id).await?,
            Err(error) => {
                tracing::warn!(mail = %mail.id, attempts = mail.attempts, %error, "mail not delivered");
                outbox::mark_failed(db, mail.id, &error, retry_after_secs(mail.attempts)).await?;
            }
        }
    }
    Ok(tried)
}

/// The worker: delivers what is due, then waits for new mail or the next poll. Runs until the
/// process ends; a message it was sending when it ended goes again after its lease.
pub async fn run(db: PgPool, mailer: Mailer, outbox: Outbox) {
    loop {
        match deliver_due(&db, &mailer).await {
            Ok(tried) if tried == ROUND => continue,
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "mail outbox unreachable"),
        }
        tokio::select! {
            () = outbox.woken() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SecretString;

    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(retry_after_secs).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }

    #[test]
    fn a_sender_that_is_not_an_address_is_refused_by_name() {
        let config = |from: &str| MailConfig {
            smtp_url: SecretString::new("smtp://127.0.0.1:2525"),
            from: from.to_string(),
        };
        assert!(Mailer::new(&config("ShopPlan <noreply@plan.example.com>")).is_ok());
        let error = Mailer::new(&config("noreply at example")).err().unwrap();
        assert_eq!(error.name, "MAIL_FROM");
    }
}
