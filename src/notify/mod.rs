//! Messages that leave the product. A message is written in the recipient's language, queued in
//! the transaction that decides to send it, and delivered afterwards by [`mail::run`].

pub mod mail;

use std::sync::Arc;

use sqlx::PgConnection;
use tokio::sync::Notify;

use crate::db::mail::{self as outbox, QueuedMail};
use crate::domain::ids::TenantId;
use crate::i18n::Lang;

/// Wakes the delivery worker when a message was queued, so mail leaves at once rather than at
/// the next poll. Cheap to clone.
#[derive(Clone, Default)]
pub struct Outbox {
    wake: Arc<Notify>,
}

impl Outbox {
    /// Call after the transaction that queued mail has committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub(crate) async fn woken(&self) {
        self.wake.notified().await;
    }
}

/// A message in one language: a subject and a plain-text body.
pub struct Message {
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
}

impl Message {
    /// The message of `kind` from the translations `mail-<kind>-subject` and `…-body`, whose
    /// arguments are `args`.
    pub fn compose(kind: &'static str, lang: Lang, args: &[(&str, &str)]) -> Self {
        let key = kind.replace('.', "-");
        Self {
            kind,
            subject: lang.t_args(&format!("mail-{key}-subject"), args),
            body: lang.t_args(&format!("mail-{key}-body"), args),
        }
    }

    /// Queues the message to `recipient` in the caller's transaction.
    pub async fn queue(
        &self,
        conn: &mut PgConnection,
        tenant: Option<TenantId>,
        recipient: &str,
    ) -> Result<(), sqlx::Error> {
        outbox::queue(
            conn,
            &QueuedMail {
                tenant,
                kind: self.kind,
                recipient,
                subject: &self.subject,
                body: &self.body,
            },
        )
        .await
    }
}
