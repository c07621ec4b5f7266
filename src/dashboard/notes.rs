//! Monthly review notes (复盘): a short thread per shop month, with author and time.

use serde_json::json;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::audit::{self, Entry};
use crate::db::reviews::{self, Note};
use crate::db::shops;
use crate::domain::YearMonth;
use crate::domain::ids::ShopId;
use crate::error::AppError;

fn month(field: &str, text: &str) -> Result<YearMonth, AppError> {
    YearMonth::parse(text).map_err(|m| AppError::invalid_field(field, m))
}

/// The notes of a shop's months `from..=to` (all months when not given).
pub async fn list(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<Note>, AppError> {
    let first = from
        .map(|f| month("from", f))
        .transpose()?
        .map(|m| m.first_day());
    let last = to
        .map(|t| month("to", t))
        .transpose()?
        .map(|m| m.first_day());
    let mut tx = user.begin(state).await?;
    shops::get_shop(&mut tx, shop)
        .await?
        .ok_or(AppError::NotFound)?;
    let notes = reviews::list_notes(&mut tx, shop, first, last).await?;
    tx.commit().await?;
    Ok(notes)
}

/// Adds a note to a shop's month.
pub async fn add(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
    month_text: &str,
    body: &str,
) -> Result<Note, AppError> {
    user.require(Permission::WriteReviewNotes)?;
    let mut errors = Vec::new();
    let body = crate::auth::account::required("body", body, 2000, &mut errors);
    let month = YearMonth::parse(month_text)
        .map_err(|m| errors.push(crate::error::ErrorDetail::field("month", m)))
        .ok();
    let Some(month) = month.filter(|_| errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    let mut tx = user.begin(state).await?;
    shops::get_shop(&mut tx, shop)
        .await?
        .ok_or(AppError::NotFound)?;
    let note = reviews::add_note(
        &mut tx,
        shop,
        month.first_day(),
        user.user_id,
        &user.name,
        &body,
    )
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("review.noted")
            .object("shop", shop)
            .details(json!({ "month": month.to_string(), "note": note.id })),
    )
    .await?;
    tx.commit().await?;
    Ok(note)
}
