//! Reading an upload on a blocking thread while its COPY text goes to PostgreSQL: the parser
//! and the database work on the two cores at once, and memory holds the upload plus a few
//! chunks of COPY text, never the rows.

use axum::body::{Body, Bytes};
use futures_util::StreamExt;
use sqlx::PgConnection;
use tokio::sync::mpsc;

use crate::error::AppError;

/// COPY text is sent in pieces of about this size.
const CHUNK: usize = 1 << 20;

/// Chunks waiting to be sent, at most: the parser runs ahead of the database by this much.
const QUEUE: usize = 4;

/// Where a reader writes COPY text; chunks go to the sending task as they fill up.
pub struct CopySink {
    buf: Vec<u8>,
    queue: mpsc::Sender<Vec<u8>>,
    /// The sending side gave up (a database error): stop writing.
    closed: bool,
    /// A row was invalid: nothing will be stored, so nothing more is sent.
    stopped: bool,
}

impl CopySink {
    fn new(queue: mpsc::Sender<Vec<u8>>) -> Self {
        Self {
            buf: Vec::with_capacity(CHUNK + 4096),
            queue,
            closed: false,
            stopped: false,
        }
    }

    /// Appends one row with `write`, sending the buffer on when it is full.
    pub fn write(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        if self.closed || self.stopped {
            return;
        }
        write(&mut self.buf);
        if self.buf.len() >= CHUNK {
            self.send();
        }
    }

    /// No more rows will be sent (the upload is invalid); reading may go on for the report.
    pub fn stop(&mut self) {
        self.stopped = true;
        self.buf = Vec::new();
    }

    fn send(&mut self) {
        let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 4096));
        if self.queue.blocking_send(full).is_err() {
            self.closed = true;
        }
    }

    fn finish(mut self) {
        if !self.closed && !self.stopped && !self.buf.is_empty() {
            self.send();
        }
    }
}

/// Runs `read` on a blocking thread with a sink whose chunks are sent through `statement`
/// (a `COPY … FROM STDIN`) on `conn`; returns what `read` returned once every chunk is in.
pub async fn copy_while_reading<T: Send + 'static>(
    conn: &mut PgConnection,
    statement: &str,
    body: Bytes,
    read: impl FnOnce(&[u8], &mut CopySink) -> T + Send + 'static,
) -> Result<T, AppError> {
    let (queue, mut chunks) = mpsc::channel::<Vec<u8>>(QUEUE);
    let reader = tokio::task::spawn_blocking(move || {
        let mut sink = CopySink::new(queue);
        let out = read(&body, &mut sink);
        sink.finish();
        out
    });
    let mut copy = conn.copy_in_raw(statement).await?;
    while let Some(chunk) = chunks.recv().await {
        copy.send(chunk.as_slice()).await?;
    }
    copy.finish().await?;
    reader
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("the upload reader failed: {e}")))
}

/// Like [`copy_while_reading`] for a request body still arriving: its chunks go to the
/// reading thread as they come (at most `limit` bytes, else 413), so neither the body nor the
/// rows are ever held whole.
pub async fn copy_while_receiving<T: Send + 'static>(
    conn: &mut PgConnection,
    statement: &str,
    body: Body,
    limit: usize,
    read: impl FnOnce(&mut dyn Iterator<Item = Bytes>, &mut CopySink) -> T + Send + 'static,
) -> Result<T, AppError> {
    let (forward, mut arriving) = mpsc::channel::<Bytes>(QUEUE);
    let (queue, mut chunks) = mpsc::channel::<Vec<u8>>(QUEUE);
    let reader = tokio::task::spawn_blocking(move || {
        let mut sink = CopySink::new(queue);
        let mut input = std::iter::from_fn(|| arriving.blocking_recv());
        let out = read(&mut input, &mut sink);
        sink.finish();
        out
    });
    let receive = async move {
        let mut stream = body.into_data_stream();
        let mut total = 0;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(crate::web::upload::body_error)?;
            total += chunk.len();
            if total > limit {
                return Err(AppError::PayloadTooLarge);
            }
            if forward.send(chunk).await.is_err() {
                break;
            }
        }
        Ok(())
    };
    let mut copy = conn.copy_in_raw(statement).await?;
    let copying = &mut copy;
    // Owning the receiver, so that a failed send drops it and the reader stops writing.
    let send = async move {
        while let Some(chunk) = chunks.recv().await {
            copying.send(chunk.as_slice()).await?;
        }
        Ok::<_, sqlx::Error>(())
    };
    let (received, sent) = tokio::join!(receive, send);
    received?;
    sent?;
    copy.finish().await?;
    reader
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("the upload reader failed: {e}")))
}

/// Runs CPU-bound reading off the async threads (a preview of a large file).
pub async fn read_blocking<T: Send + 'static>(
    body: Bytes,
    read: impl FnOnce(&[u8]) -> T + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(move || read(&body))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("the upload reader failed: {e}")))
}
