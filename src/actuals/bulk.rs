//! Organization-wide imports: one file whose `shop` (店铺) column names each row's shop by id
//! or exact name, as agencies keep them. A CSV is read as it arrives, piece by piece, so the
//! server holds a few megabytes of it whatever its size; a JSON array or a workbook is read
//! whole. The same all-or-nothing rules, undo bookkeeping and rollup as a shop's own file.

use std::collections::{HashMap, HashSet};

use axum::body::{Body, Bytes};

use super::import::{ImportBody, ImportResult, Kind, Staged, count, readable, store};
use super::stream::{self, CopySink};
use super::{file_error, json, rows_error, today};
use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::actuals::{self as actuals_db, Months};
use crate::db::imports::{self, Span};
use crate::db::{TenantTx, shops as shop_db};
use crate::domain::ids::ShopId;
use crate::error::AppError;
use crate::import::{
    BulkRow, BulkStream, BulkSummary, CopyPrefix, FileError, Report, write_actual,
};
use crate::slots::Slot;

/// An organization-wide upload: whole (JSON rows, or bytes already read), or a body still
/// arriving, read up to `limit` bytes.
pub enum BulkBody {
    Whole(ImportBody),
    Streamed {
        body: Body,
        limit: usize,
        file_name: Option<String>,
        slot: Slot,
    },
}

/// Imports the daily figures of many shops from one file (operators, managers, admins).
pub async fn import_bulk(
    state: &AppState,
    user: &CurrentUser,
    body: BulkBody,
) -> Result<ImportResult, AppError> {
    user.require(Permission::ImportActuals)?;
    let json = matches!(&body, BulkBody::Whole(b) if b.json);
    let mut tx = user.begin(state).await?;
    let result = bulk_in(&mut tx, user, body)
        .await
        .map_err(|e| if json { json::as_paths(e) } else { e })?;
    tx.commit().await?;
    Ok(result)
}

async fn bulk_in(
    tx: &mut TenantTx,
    user: &CurrentUser,
    body: BulkBody,
) -> Result<ImportResult, AppError> {
    let today = today(tx).await?;
    let resolve = shop_resolver(shop_db::list_shops(tx, true).await?);
    actuals_db::create_staging(tx).await?;
    let copy = actuals_db::STAGING_COPY;
    let (report, file_name) = match body {
        BulkBody::Whole(body) => {
            let bytes = readable(&body, json::BULK_KEYS)?;
            let read = move |b: &[u8], sink: &mut CopySink| {
                read_pieces(std::iter::once(b), today, resolve, sink)
            };
            let report = stream::copy_while_reading(tx.conn(), copy, bytes, read).await?;
            (report, body.file_name)
        }
        BulkBody::Streamed {
            body,
            limit,
            file_name,
            slot: _slot,
        } => {
            let read = move |chunks: &mut dyn Iterator<Item = Bytes>, sink: &mut CopySink| {
                read_pieces(chunks, today, resolve, sink)
            };
            let report = stream::copy_while_receiving(tx.conn(), copy, body, limit, read).await?;
            (report, file_name)
        }
    };
    let report = report.map_err(file_error)?;
    if !report.is_valid() {
        return Err(rows_error(&report.errors));
    }
    let staged = staged(report.summary, file_name)?;
    let shops: Vec<ShopId> = staged.spans.iter().map(|s| s.shop_id).collect();
    imports::lock_shops(tx, &shops).await?;
    store(tx, user, staged).await
}

/// Reads a file piece by piece, writing each valid row as COPY text while the file has no
/// error.
fn read_pieces<B: AsRef<[u8]>>(
    chunks: impl Iterator<Item = B>,
    today: chrono::NaiveDate,
    resolve: impl Fn(&str) -> Option<ShopId>,
    sink: &mut CopySink,
) -> Result<Report<BulkSummary<ShopId>>, FileError> {
    let mut reader = BulkStream::new(today, resolve);
    let mut prefix: Option<(ShopId, CopyPrefix)> = None;
    let mut each = |row: BulkRow<ShopId>, valid: bool| {
        if !valid {
            sink.stop();
            return;
        }
        let prefix = match &prefix {
            Some((shop, p)) if *shop == row.shop => p,
            _ => {
                &prefix
                    .insert((row.shop, CopyPrefix::new(&[&row.shop.to_string()])))
                    .1
            }
        };
        sink.write(|buf| write_actual(buf, prefix, &row.row));
    };
    for chunk in chunks {
        reader.push(chunk.as_ref(), &mut each)?;
    }
    reader.finish(&mut each)
}

/// The import's spans per shop and the months it touched.
fn staged(summary: BulkSummary<ShopId>, file_name: Option<String>) -> Result<Staged, AppError> {
    let mut months = Months::default();
    let mut spans = Vec::with_capacity(summary.shops.len());
    for s in &summary.shops {
        s.months.iter().for_each(|m| months.push(s.shop, *m));
        spans.push(Span {
            shop_id: s.shop,
            rows: count(s.days)?,
            first_date: s.first_date,
            last_date: s.last_date,
        });
    }
    Ok(Staged {
        kind: Kind::Actuals,
        shop_id: None,
        file_name,
        rows: summary.totals.valid_rows,
        spans,
        months,
    })
}

/// Finds a shop by its id or exact name.
fn shop_resolver(shops: Vec<shop_db::Shop>) -> impl Fn(&str) -> Option<ShopId> + Send + 'static {
    let by_name: HashMap<String, ShopId> = shops.iter().map(|s| (s.name.clone(), s.id)).collect();
    let ids: HashSet<ShopId> = shops.iter().map(|s| s.id).collect();
    move |text| match text.parse::<ShopId>() {
        Ok(id) if ids.contains(&id) => Some(id),
        _ => by_name.get(text).copied(),
    }
}
