//! The browser's two steps: an upload is read and shown (rows, dates, totals, the days it
//! would replace, every error), kept for a while, and written only when its uploader confirms.

use axum::body::Bytes;
use chrono::{NaiveDate, Utc};

use super::import::{ImportBody, ImportResult, actuals_in, spend_in};
use super::{file_error, open_categories, resolver, stream, today};
use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::TenantTx;
use crate::db::shops::Shop;
use crate::db::uploads::{self, PendingUpload};
use crate::db::{actuals as actuals_db, shops as shop_db, spend as spend_db};
use crate::domain::Money;
use crate::domain::ids::{ShopId, UploadId};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::import::{RowErrors, preview_actuals, preview_spend};

/// How long a previewed upload waits for confirmation.
pub const PENDING_MINUTES: i64 = 60;

/// What an upload holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadKind {
    Actuals,
    Spend,
}

impl UploadKind {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "actuals" => Some(Self::Actuals),
            "spend" => Some(Self::Spend),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Actuals => "actuals",
            Self::Spend => "spend",
        }
    }

    fn permission(self) -> Permission {
        match self {
            Self::Actuals => Permission::ImportActuals,
            Self::Spend => Permission::ImportSpend,
        }
    }
}

/// An upload as read, before anything is stored.
#[derive(Clone, Debug)]
pub struct Preview {
    /// Set when the file is valid and waits for confirmation.
    pub upload_id: Option<UploadId>,
    pub kind: UploadKind,
    pub file_name: String,
    /// Data rows read, and how many were valid.
    pub rows: u64,
    pub valid_rows: u64,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Totals over the valid rows: a translation key and the figure as shown.
    pub totals: Vec<(&'static str, String)>,
    /// The file's days that already have data and would be replaced.
    pub replaced: Vec<NaiveDate>,
    /// Shops the file names that are not the one it is uploaded to (a wrong shop chosen, or
    /// the wrong file): shown as a warning before it is confirmed.
    pub other_shops: Vec<String>,
    pub errors: RowErrors,
}

/// Reads an upload and, when it is valid, keeps it for its uploader to confirm.
pub async fn preview_upload(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
    kind: UploadKind,
    category: Option<&str>,
    file_name: String,
    bytes: Bytes,
) -> Result<Preview, AppError> {
    user.require(kind.permission())?;
    let mut tx = user.begin(state).await?;
    let shop_row = shop_db::get_shop(&mut tx, shop)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut preview = match kind {
        UploadKind::Actuals => actuals_preview(&mut tx, &shop_row, bytes.clone()).await?,
        UploadKind::Spend => spend_preview(&mut tx, shop, category, bytes.clone()).await?,
    };
    preview.file_name = file_name.clone();
    if preview.errors.is_empty() {
        let upload = PendingUpload {
            id: UploadId::new(),
            shop_id: shop,
            kind: kind.as_str().to_string(),
            category: category
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            file_name,
            content: bytes.to_vec(),
            expires_at: Utc::now() + chrono::TimeDelta::minutes(PENDING_MINUTES),
        };
        uploads::insert(&mut tx, &upload, user.user_id).await?;
        preview.upload_id = Some(upload.id);
    }
    tx.commit().await?;
    Ok(preview)
}

/// Whether a shop name in a file stands for the shop of that name in ShopPlan: the same
/// name, spaces aside, or one holding the other (`婚庆用品旗舰店` and `婚庆用品旗舰店（天猫）`).
fn same_shop(in_file: &str, ours: &str) -> bool {
    let plain = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let (a, b) = (plain(in_file), plain(ours));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// What a file of daily figures holds, which of its days the shop has already, and which
/// other shops the file names.
async fn actuals_preview(
    tx: &mut TenantTx,
    shop_row: &Shop,
    bytes: Bytes,
) -> Result<Preview, AppError> {
    let shop = shop_row.id;
    let today = today(tx).await?;
    let report = stream::read_blocking(bytes, move |b| preview_actuals(b, today))
        .await?
        .map_err(file_error)?;
    let s = &report.summary;
    let totals = vec![
        ("actuals-uv", count(s.uv)),
        ("actuals-buyers", count(s.buyers)),
        ("actuals-orders", count(s.orders)),
        ("actuals-sales", Money::new(s.sales).grouped()),
        ("actuals-refunds", Money::new(s.refunds).grouped()),
        ("actuals-pv", count(s.pv)),
    ];
    let replaced = actuals_db::existing_dates(tx, shop, &s.dates).await?;
    let other_shops = s
        .named_shops
        .iter()
        .filter(|name| !same_shop(name, &shop_row.name))
        .cloned()
        .collect();
    Ok(Preview {
        upload_id: None,
        kind: UploadKind::Actuals,
        file_name: String::new(),
        rows: s.rows,
        valid_rows: s.valid_rows,
        first_date: s.first_date,
        last_date: s.last_date,
        totals,
        replaced,
        other_shops,
        errors: report.errors,
    })
}

/// A count with thousands separators, as the pages show counts.
fn count(n: impl Into<i64>) -> String {
    crate::domain::fixed::grouped(rust_decimal::Decimal::from(n.into()), 0)
}

/// What a spend file holds, and which of its days already have spend in its categories.
async fn spend_preview(
    tx: &mut TenantTx,
    shop: ShopId,
    category: Option<&str>,
    bytes: Bytes,
) -> Result<Preview, AppError> {
    let today = today(tx).await?;
    let resolve = resolver(open_categories(tx).await?);
    let default = default_category(&resolve, category)?;
    let report = stream::read_blocking(bytes, move |b| preview_spend(b, today, default, resolve))
        .await?
        .map_err(file_error)?;
    let s = &report.summary;
    let totals = vec![
        ("actuals-categories", s.categories.join(", ")),
        ("actuals-amount", Money::new(s.amount).grouped()),
        (
            "actuals-attributed-sales",
            Money::new(s.attributed_sales).grouped(),
        ),
    ];
    let replaced = spend_db::existing_dates(tx, shop, &s.dates, &s.categories).await?;
    Ok(Preview {
        upload_id: None,
        kind: UploadKind::Spend,
        file_name: String::new(),
        rows: s.rows,
        valid_rows: s.valid_rows,
        first_date: s.first_date,
        last_date: s.last_date,
        totals,
        replaced,
        other_shops: Vec::new(),
        errors: report.errors,
    })
}

/// The upload's category for files without a category column; 422 when it is not one of the
/// organization's.
pub(super) fn default_category(
    resolve: &impl Fn(&str) -> Option<String>,
    category: Option<&str>,
) -> Result<Option<String>, AppError> {
    match category.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(text) => resolve(text).map(Some).ok_or_else(|| {
            AppError::invalid_field(
                "category",
                Msg::new("import-unknown-category").arg("value", text),
            )
        }),
    }
}

/// Imports a previewed upload; 404 once it has expired, was used, or is someone else's.
pub async fn confirm_upload(
    state: &AppState,
    user: &CurrentUser,
    id: UploadId,
) -> Result<(ShopId, ImportResult), AppError> {
    let mut tx = user.begin(state).await?;
    let upload = uploads::take(&mut tx, id, user.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = UploadKind::parse(&upload.kind).ok_or(AppError::NotFound)?;
    user.require(kind.permission())?;
    let body = ImportBody {
        bytes: Bytes::from(upload.content),
        json: false,
        file_name: Some(upload.file_name),
        slot: state.imports.acquire(Some(&user.tenant_id)).await?,
    };
    let result = match kind {
        UploadKind::Actuals => actuals_in(&mut tx, user, upload.shop_id, body).await?,
        UploadKind::Spend => {
            let category = upload.category.as_deref();
            spend_in(&mut tx, user, upload.shop_id, category, body).await?
        }
    };
    tx.commit().await?;
    Ok((upload.shop_id, result))
}

/// Drops a previewed upload without importing it; returns its shop.
pub async fn cancel_upload(
    state: &AppState,
    user: &CurrentUser,
    id: UploadId,
) -> Result<ShopId, AppError> {
    let mut tx = user.begin(state).await?;
    let upload = uploads::take(&mut tx, id, user.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(upload.shop_id)
}

#[cfg(test)]
mod tests {
    use super::same_shop;

    #[test]
    fn a_file_names_our_shop_when_one_name_holds_the_other() {
        assert!(same_shop("婚庆用品旗舰店", "婚庆用品旗舰店"));
        assert!(same_shop("婚庆用品 旗舰店", "婚庆用品旗舰店（天猫）"));
        assert!(!same_shop("婚庆用品旗舰店", "喜庆婚品淘宝店"));
        assert!(!same_shop("", "喜庆婚品淘宝店"));
    }
}
