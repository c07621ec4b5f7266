//! Undoing an import: its rows are removed and the rows it replaced come back exactly, as
//! long as nothing has changed its days since. An import whose days were overwritten by a
//! later import or edited by hand is refused (undo the later import first, or edit the day),
//! so an undo never throws away work done after it.

use serde_json::json;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::audit::{self, Entry};
use crate::db::{actuals as actuals_db, imports, spend as spend_db};
use crate::domain::ids::{ImportId, ShopId};
use crate::error::AppError;
use crate::i18n::Msg;

/// Undoes an import (who may import its kind may undo it); returns its shops.
pub async fn undo_import(
    state: &AppState,
    user: &CurrentUser,
    id: ImportId,
) -> Result<Vec<ShopId>, AppError> {
    let mut tx = user.begin(state).await?;
    let import = imports::get_for_update(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let spend = import.kind == "spend";
    user.require(if spend {
        Permission::ImportSpend
    } else {
        Permission::ImportActuals
    })?;
    if import.undone_at.is_some() {
        return Err(AppError::Conflict {
            code: "import_already_undone",
            msg: Msg::new("actuals-undo-already"),
        });
    }
    let shops: Vec<ShopId> = imports::spans(&mut tx, id)
        .await?
        .iter()
        .map(|s| s.shop_id)
        .collect();
    imports::lock_shops(&mut tx, &shops).await?;
    let (still, months) = if spend {
        imports::spend_rows_of(&mut tx, id).await?
    } else {
        imports::actual_rows_of(&mut tx, id).await?
    };
    if still != i64::from(import.rows) {
        return Err(AppError::Conflict {
            code: "import_superseded",
            msg: Msg::new("actuals-undo-superseded")
                .arg("changed", i64::from(import.rows) - still)
                .arg("rows", import.rows),
        });
    }
    if spend {
        imports::restore_spend(&mut tx, id).await?;
        spend_db::refresh_months(&mut tx, &months).await?;
    } else {
        imports::restore_actuals(&mut tx, id).await?;
        actuals_db::refresh_months(&mut tx, &months).await?;
    }
    imports::mark_undone(&mut tx, id, &user.actor()).await?;
    let details =
        json!({ "kind": import.kind, "rows": import.rows, "file_name": import.file_name });
    let entry = Entry::new("import.undone")
        .object("import", id)
        .details(details);
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(shops)
}
