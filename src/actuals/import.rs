//! Imports: all or nothing, in one transaction. The upload is read on a blocking thread while
//! its rows stream into a staging table; when every row is valid, the rows the import will
//! overwrite are kept for undo, the staged rows are written in one statement, and the monthly
//! rollup of the months touched is recomputed.

use axum::body::Bytes;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

use super::{file_error, json, lock_shop, open_categories, resolver, rows_error, stream, today};
use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::actuals::{self as actuals_db, Months};
use crate::db::audit::{self, Entry};
use crate::db::imports::{self, NewImport, Span};
use crate::db::{TenantTx, spend as spend_db};
use crate::domain::ids::{ImportId, ShopId};
use crate::error::AppError;
use crate::import::{ActualsReader, CopyPrefix, SpendReader, write_actual, write_spend};
use crate::slots::Slot;

/// What an import did: the contract's answer, with the import's id for undo.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ImportResult {
    #[schema(value_type = String, format = Uuid)]
    pub import_id: ImportId,
    /// Rows imported.
    pub rows: u64,
    /// Days (or entries) that had no data before.
    pub inserted: u64,
    /// Days (or entries) whose data was replaced.
    pub updated: u64,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
}

/// An upload's body and how it came.
#[derive(Debug)]
pub struct ImportBody {
    pub bytes: Bytes,
    /// A JSON array of rows rather than a file.
    pub json: bool,
    pub file_name: Option<String>,
    /// The place this file holds among the files being read, until it is stored.
    pub slot: Slot,
}

/// Which table an import writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Actuals,
    Spend,
}

impl Kind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Kind::Actuals => "actuals",
            Kind::Spend => "spend",
        }
    }
}

/// What was staged, ready to be written.
pub(super) struct Staged {
    pub(super) kind: Kind,
    pub(super) shop_id: Option<ShopId>,
    pub(super) file_name: Option<String>,
    pub(super) rows: u64,
    pub(super) spans: Vec<Span>,
    pub(super) months: Months,
}

/// Imports a shop's daily figures (operators, managers, admins).
pub async fn import_actuals(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
    body: ImportBody,
) -> Result<ImportResult, AppError> {
    user.require(Permission::ImportActuals)?;
    let mut tx = user.begin(state).await?;
    let json = body.json;
    let result = actuals_in(&mut tx, user, shop, body)
        .await
        .map_err(|e| if json { json::as_paths(e) } else { e })?;
    tx.commit().await?;
    Ok(result)
}

/// Imports a shop's spend (finance, admins); `category` is the upload's category for files
/// without a category column.
pub async fn import_spend(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
    category: Option<&str>,
    body: ImportBody,
) -> Result<ImportResult, AppError> {
    user.require(Permission::ImportSpend)?;
    let mut tx = user.begin(state).await?;
    let json = body.json;
    let result = spend_in(&mut tx, user, shop, category, body)
        .await
        .map_err(|e| if json { json::as_paths(e) } else { e })?;
    tx.commit().await?;
    Ok(result)
}

/// The body as text a reader takes: JSON rows become CSV.
pub(super) fn readable(body: &ImportBody, keys: &[&str]) -> Result<Bytes, AppError> {
    if body.json {
        Ok(Bytes::from(json::to_csv(&body.bytes, keys)?))
    } else {
        Ok(body.bytes.clone())
    }
}

pub(super) async fn actuals_in(
    tx: &mut TenantTx,
    user: &CurrentUser,
    shop: ShopId,
    body: ImportBody,
) -> Result<ImportResult, AppError> {
    lock_shop(tx, shop).await?;
    let today = today(tx).await?;
    let bytes = readable(&body, json::ACTUAL_KEYS)?;
    actuals_db::create_staging(tx).await?;
    let prefix = CopyPrefix::new(&[&shop.to_string()]);
    let report = stream::copy_while_reading(
        tx.conn(),
        actuals_db::STAGING_COPY,
        bytes,
        move |b, sink| {
            let mut reader = ActualsReader::new(b, today)?;
            while let Some(row) = reader.next() {
                if !reader.errors().is_empty() {
                    sink.stop();
                }
                sink.write(|buf| write_actual(buf, &prefix, &row));
            }
            reader.finish()
        },
    )
    .await?
    .map_err(file_error)?;
    if !report.is_valid() {
        return Err(rows_error(&report.errors));
    }
    let summary = report.summary;
    let staged = one_shop(
        Kind::Actuals,
        shop,
        body.file_name,
        summary.valid_rows,
        &summary.dates,
    )?;
    store(tx, user, staged).await
}

pub(super) async fn spend_in(
    tx: &mut TenantTx,
    user: &CurrentUser,
    shop: ShopId,
    category: Option<&str>,
    body: ImportBody,
) -> Result<ImportResult, AppError> {
    lock_shop(tx, shop).await?;
    let today = today(tx).await?;
    let resolve = resolver(open_categories(tx).await?);
    let default = super::preview::default_category(&resolve, category)?;
    let bytes = readable(&body, json::SPEND_KEYS)?;
    spend_db::create_staging(tx).await?;
    let prefix = CopyPrefix::new(&[&shop.to_string()]);
    let report =
        stream::copy_while_reading(tx.conn(), spend_db::STAGING_COPY, bytes, move |b, sink| {
            let mut reader = SpendReader::new(b, today, default, resolve)?;
            while let Some(row) = reader.next() {
                if !reader.errors().is_empty() {
                    sink.stop();
                }
                sink.write(|buf| write_spend(buf, &prefix, &row));
            }
            reader.finish()
        })
        .await?
        .map_err(file_error)?;
    if !report.is_valid() {
        return Err(rows_error(&report.errors));
    }
    let summary = report.summary;
    let staged = one_shop(
        Kind::Spend,
        shop,
        body.file_name,
        summary.valid_rows,
        &summary.dates,
    )?;
    store(tx, user, staged).await
}

/// What one shop's file staged: its rows, the dates they cover and the months they touch.
fn one_shop(
    kind: Kind,
    shop: ShopId,
    file_name: Option<String>,
    rows: u64,
    dates: &[NaiveDate],
) -> Result<Staged, AppError> {
    let mut months = Months::default();
    dates.iter().for_each(|d| months.push(shop, *d));
    Ok(Staged {
        kind,
        shop_id: Some(shop),
        file_name,
        rows,
        spans: vec![span(shop, rows, dates)?],
        months,
    })
}

pub(super) fn count(n: u64) -> Result<i32, AppError> {
    i32::try_from(n).map_err(|_| AppError::Internal(anyhow::anyhow!("{n} rows")))
}

/// A per-shop import's one span.
fn span(shop: ShopId, rows: u64, dates: &[NaiveDate]) -> Result<Span, AppError> {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "a valid upload without dates"
        )));
    };
    Ok(Span {
        shop_id: shop,
        rows: count(rows)?,
        first_date: *first,
        last_date: *last,
    })
}

/// Writes what was staged over the stored rows, records the import, refreshes the rollup.
pub(super) async fn store(
    tx: &mut TenantTx,
    user: &CurrentUser,
    staged: Staged,
) -> Result<ImportResult, AppError> {
    let id = ImportId::new();
    actuals_db::allow_bulk_memory(tx).await?;
    let (updated, written) = match staged.kind {
        Kind::Actuals => (actuals_db::write_staged(tx, id).await?, staged.rows),
        Kind::Spend => {
            let updated = spend_db::save_replaced(tx, id).await?;
            (updated, spend_db::upsert_staged(tx, id).await?)
        }
    };
    let first_date = staged.spans.iter().map(|s| s.first_date).min();
    let last_date = staged.spans.iter().map(|s| s.last_date).max();
    let (Some(first_date), Some(last_date)) = (first_date, last_date) else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "an import without rows"
        )));
    };
    let result = ImportResult {
        import_id: id,
        rows: staged.rows,
        inserted: written - updated,
        updated,
        first_date,
        last_date,
    };
    // The history keeps at most 255 characters of a file's name, as file systems do.
    let file_name: Option<String> = staged
        .file_name
        .as_deref()
        .map(|n| n.trim().chars().take(255).collect());
    let record = NewImport {
        id,
        kind: staged.kind.as_str(),
        shop_id: staged.shop_id,
        file_name: file_name.as_deref(),
        rows: count(result.rows)?,
        inserted: count(result.inserted)?,
        updated: count(result.updated)?,
        first_date,
        last_date,
    };
    imports::insert_import(tx, &record, &user.actor()).await?;
    imports::insert_spans(tx, id, &staged.spans).await?;
    match staged.kind {
        Kind::Actuals => actuals_db::refresh_months(tx, &staged.months).await?,
        Kind::Spend => spend_db::refresh_months(tx, &staged.months).await?,
    }
    let action = match staged.kind {
        Kind::Actuals => "actuals.imported",
        Kind::Spend => "spend.imported",
    };
    let details = json!({
        "shop": staged.shop_id, "shops": staged.spans.len(), "file_name": file_name,
        "rows": result.rows, "inserted": result.inserted, "updated": result.updated,
        "first_date": first_date, "last_date": last_date,
    });
    let entry = Entry::new(action).object("import", id).details(details);
    audit::record(tx, &user.actor(), entry).await?;
    Ok(result)
}
