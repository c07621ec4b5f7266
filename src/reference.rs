//! The organization's reference data as admins edit it: validation and writes shared by the
//! settings page and the API.

use serde::Deserialize;
use serde_json::json;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::audit::{self, Entry};
use crate::db::reference::{self as db_ref, RefItem, RefList};
use crate::domain::CategoryKind;
use crate::domain::defaults::is_valid_code;
use crate::error::{AppError, ErrorDetail};
use crate::i18n::Msg;

/// A new or renamed item as typed or sent.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ItemInput {
    /// New items only: lowercase letters, digits and `_`, e.g. `live_douyin`.
    pub code: String,
    pub name_zh: String,
    /// Defaults to the Chinese name.
    pub name_en: String,
    /// Categories only: `marketing`, `operating` or `recoverable`.
    pub kind: Option<String>,
    pub archived: Option<bool>,
}

fn names(input: &ItemInput, errors: &mut Vec<ErrorDetail>) -> (String, String) {
    let zh = crate::auth::account::required("name_zh", &input.name_zh, 60, errors);
    let en = if input.name_en.trim().is_empty() {
        zh.clone()
    } else {
        crate::auth::account::required("name_en", &input.name_en, 60, errors)
    };
    (zh, en)
}

/// Every list, for the settings page.
pub async fn all_lists(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<(RefList, Vec<RefItem>)>, AppError> {
    let mut tx = user.begin(state).await?;
    let mut lists = Vec::new();
    for list in [RefList::Platform, RefList::StoreType, RefList::Category] {
        lists.push((list, db_ref::list(&mut tx, list).await?));
    }
    tx.commit().await?;
    Ok(lists)
}

/// Adds an item to a list (admin).
pub async fn add(
    state: &AppState,
    user: &CurrentUser,
    list: RefList,
    input: &ItemInput,
) -> Result<(), AppError> {
    user.require(Permission::ManageOrganization)?;
    let mut errors = Vec::new();
    let code = input.code.trim().to_string();
    if !is_valid_code(&code) {
        errors.push(ErrorDetail::field(
            "code",
            Msg::new("settings-code-invalid"),
        ));
    }
    let (name_zh, name_en) = names(input, &mut errors);
    let kind = match (list, input.kind.as_deref()) {
        (RefList::Category, Some(text)) => match CategoryKind::parse(text) {
            Ok(kind) => Some(kind),
            Err(msg) => {
                errors.push(ErrorDetail::field("kind", msg));
                None
            }
        },
        (RefList::Category, None) => {
            errors.push(ErrorDetail::field("kind", Msg::new("form-required")));
            None
        }
        _ => None,
    };
    let mut tx = user.begin(state).await?;
    let existing = db_ref::list(&mut tx, list).await?;
    if existing.iter().any(|i| i.code == code) {
        errors.push(ErrorDetail::field("code", Msg::new("settings-code-taken")));
    }
    if existing.iter().any(|i| i.name_zh == name_zh) {
        errors.push(ErrorDetail::field(
            "name_zh",
            Msg::new("settings-name-taken"),
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let item = RefItem {
        code: code.clone(),
        name_zh,
        name_en,
        kind,
        archived: false,
    };
    db_ref::add(&mut tx, list, &item).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("settings.item_added")
            .object(list.slug(), &code)
            .details(json!({ "name": item.name_zh, "kind": kind.map(|k| k.as_str()) })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Renames or (un)archives an item (admin). Codes and kinds stay: recorded data refers to them.
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    list: RefList,
    code: &str,
    input: &ItemInput,
) -> Result<(), AppError> {
    user.require(Permission::ManageOrganization)?;
    let mut errors = Vec::new();
    let (name_zh, name_en) = names(input, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let mut tx = user.begin(state).await?;
    let archived = input.archived.unwrap_or(false);
    if !db_ref::update(&mut tx, list, code, &name_zh, &name_en, archived).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("settings.item_updated")
            .object(list.slug(), code)
            .details(json!({ "name": name_zh, "archived": archived })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
