//! Shops as operators manage them: validation of what was typed or sent, and the writes,
//! each with its audit entry. Shared by the pages and the API.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::TenantTx;
use crate::db::audit::{self, Entry};
use crate::db::reference::{self, RefList};
use crate::db::shops::{self, Shop, ShopFields};
use crate::domain::ids::ShopId;
use crate::error::{AppError, ErrorDetail};
use crate::i18n::Msg;

/// Shop statuses.
pub const STATUSES: [&str; 3] = ["preparing", "operating", "closed"];

/// The translation key of a status.
pub fn status_key(status: &str) -> &'static str {
    match status {
        "preparing" => "shop-status-preparing",
        "operating" => "shop-status-operating",
        _ => "shop-status-closed",
    }
}

/// A shop as typed in the form or sent to the API; all text, checked by [`validate`].
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ShopInput {
    pub name: String,
    /// A platform code (`tmall`) or name (天猫).
    pub platform: String,
    pub store_type: Option<String>,
    pub category: Option<String>,
    pub currency: Option<String>,
    /// `YYYY-MM-DD`.
    pub opened_on: Option<String>,
    /// `preparing`, `operating` or `closed`; by default `preparing` until the opening day.
    pub status: Option<String>,
}

fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Checks a shop against the organization's reference data; every problem is reported.
pub async fn validate(
    tx: &mut TenantTx,
    input: &ShopInput,
    today: NaiveDate,
) -> Result<ShopFields, AppError> {
    let mut errors = Vec::new();
    let name = crate::auth::account::required("name", &input.name, 120, &mut errors);
    let platforms = reference::list(tx, RefList::Platform).await?;
    let platform = platforms
        .iter()
        .filter(|p| !p.archived)
        .find(|p| p.answers_to(&input.platform))
        .map(|p| p.code.clone());
    if platform.is_none() {
        errors.push(ErrorDetail::field(
            "platform",
            Msg::new("shop-platform-unknown"),
        ));
    }
    let store_type = match blank(&input.store_type) {
        None => None,
        Some(text) => {
            let types = reference::list(tx, RefList::StoreType).await?;
            let found = types
                .iter()
                .find(|t| t.answers_to(text))
                .map(|t| t.code.clone());
            if found.is_none() {
                errors.push(ErrorDetail::field(
                    "store_type",
                    Msg::new("shop-store-type-unknown"),
                ));
            }
            found
        }
    };
    let category = blank(&input.category).map(str::to_string);
    if category.as_ref().is_some_and(|c| c.chars().count() > 80) {
        errors.push(ErrorDetail::field(
            "category",
            Msg::new("form-too-long").arg("max", 80),
        ));
    }
    let currency = blank(&input.currency).unwrap_or("CNY").to_ascii_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        errors.push(ErrorDetail::field(
            "currency",
            Msg::new("shop-currency-invalid"),
        ));
    }
    let opened_on = match blank(&input.opened_on) {
        None => None,
        Some(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                errors.push(ErrorDetail::field(
                    "opened_on",
                    Msg::new("form-date-invalid"),
                ));
                None
            }
        },
    };
    let status = match blank(&input.status) {
        Some(s) if STATUSES.contains(&s) => s.to_string(),
        Some(_) => {
            errors.push(ErrorDetail::field(
                "status",
                Msg::new("shop-status-unknown"),
            ));
            String::new()
        }
        None if opened_on.is_some_and(|d| d <= today) => "operating".into(),
        None => "preparing".into(),
    };
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    Ok(ShopFields {
        name,
        platform: platform.unwrap_or_default(),
        store_type,
        category,
        currency,
        opened_on,
        status,
    })
}

/// Creates a shop.
pub async fn create(
    state: &AppState,
    user: &CurrentUser,
    input: &ShopInput,
) -> Result<Shop, AppError> {
    user.require(Permission::EditShops)?;
    let mut tx = user.begin(state).await?;
    let today = crate::db::tenants::today(tx.conn(), user.tenant_id).await?;
    let fields = validate(&mut tx, input, today).await?;
    let id = ShopId::new();
    shops::create_shop(&mut tx, id, &fields).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("shop.created")
            .object("shop", id)
            .details(json!({ "name": fields.name, "platform": fields.platform })),
    )
    .await?;
    let shop = shops::get_shop(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(shop)
}

/// Changes a shop's fields.
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    id: ShopId,
    input: &ShopInput,
) -> Result<Shop, AppError> {
    user.require(Permission::EditShops)?;
    let mut tx = user.begin(state).await?;
    shops::get_shop(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = crate::db::tenants::today(tx.conn(), user.tenant_id).await?;
    let fields = validate(&mut tx, input, today).await?;
    shops::update_shop(&mut tx, id, &fields).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("shop.updated")
            .object("shop", id)
            .details(json!({ "name": fields.name, "status": fields.status })),
    )
    .await?;
    let shop = shops::get_shop(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(shop)
}

/// Archives a shop (its plans and data stay, read-only), or restores it.
pub async fn set_archived(
    state: &AppState,
    user: &CurrentUser,
    id: ShopId,
    archived: bool,
) -> Result<(), AppError> {
    user.require(Permission::EditShops)?;
    let mut tx = user.begin(state).await?;
    if !shops::set_archived(&mut tx, id, archived).await? {
        return Err(AppError::NotFound);
    }
    let action = if archived {
        "shop.archived"
    } else {
        "shop.restored"
    };
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(action).object("shop", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A shop of the member's organization, or 404.
pub async fn get(state: &AppState, user: &CurrentUser, id: ShopId) -> Result<Shop, AppError> {
    let mut tx = user.begin(state).await?;
    let shop = shops::get_shop(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(shop)
}
