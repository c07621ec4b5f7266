//! Actual data as operators and finance bring it in: imports of daily figures and spend (per
//! shop, organization-wide, from files or JSON), the browser's preview before confirming,
//! undo, and editing a day or recording spend by hand. Shared by the pages and the API; every
//! write keeps the monthly rollup current in its own transaction and leaves an audit entry.

mod bulk;
mod edit;
mod import;
mod json;
mod preview;
mod read;
mod stream;
mod undo;

pub use bulk::{BulkBody, import_bulk};
pub use edit::{DayInput, SpendInput, Text, edit_day, parse_date, record_spend};
pub use import::{ImportBody, ImportResult, import_actuals, import_spend};
pub use preview::{
    PENDING_MINUTES, Preview, UploadKind, cancel_upload, confirm_upload, preview_upload,
};
pub use read::{
    DayView, HISTORY_LIMIT, ImportView, MonthView, ShopFigures, ShopSpend, SpendMonthView,
    SpendView, history, shop_figures,
};
pub use undo::undo_import;

use chrono::NaiveDate;

use crate::db::TenantTx;
use crate::db::imports;
use crate::db::reference::{self, RefItem, RefList};
use crate::domain::ids::ShopId;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::import::{FileError, RowErrors};

/// Locks the shop against concurrent imports and edits; 404 when it is not the
/// organization's.
async fn lock_shop(tx: &mut TenantTx, shop: ShopId) -> Result<(), AppError> {
    match imports::lock_shops(tx, &[shop]).await? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    }
}

/// Today in the organization's time zone: later days are refused.
async fn today(tx: &mut TenantTx) -> Result<NaiveDate, AppError> {
    let tenant = tx.tenant();
    Ok(crate::db::tenants::today(tx.conn(), tenant).await?)
}

/// The organization's categories that new spend may use.
async fn open_categories(tx: &mut TenantTx) -> Result<Vec<RefItem>, AppError> {
    let mut items = reference::list(tx, RefList::Category).await?;
    items.retain(|c| !c.archived);
    Ok(items)
}

/// Turns a category cell (a code or a label) into its code.
fn resolver(categories: Vec<RefItem>) -> impl Fn(&str) -> Option<String> + Send + 'static {
    move |text| {
        categories
            .iter()
            .find(|c| c.answers_to(text))
            .map(|c| c.code.clone())
    }
}

/// A file that cannot be read at all: 422 with what to do about it.
fn file_error(e: FileError) -> AppError {
    let code = match e {
        FileError::Empty => "empty_file",
        FileError::TooLarge { .. } => "file_too_large",
        _ => "invalid_file",
    };
    AppError::Invalid {
        code,
        msg: e.msg(),
        details: Vec::new(),
    }
}

/// Invalid rows: 422 `invalid_rows` with each row's line, column and message.
fn rows_error(errors: &RowErrors) -> AppError {
    AppError::Invalid {
        code: "invalid_rows",
        msg: Msg::new("actuals-invalid-rows").arg("count", errors.total()),
        details: errors.details(),
    }
}
