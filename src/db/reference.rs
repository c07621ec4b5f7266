//! Reference data each organization can extend: platforms, store types and categories.

use crate::db::TenantTx;
use crate::domain::CategoryKind;
use crate::domain::defaults::{DEFAULT_PLATFORMS, DEFAULT_STORE_TYPES};
use crate::domain::ids::TenantId;
use crate::domain::kinds::DEFAULT_CATEGORIES;
use crate::i18n::Lang;

/// Which list of reference data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefList {
    Platform,
    StoreType,
    Category,
}

impl RefList {
    pub fn parse(text: &str) -> Option<RefList> {
        match text {
            "platforms" => Some(RefList::Platform),
            "store-types" => Some(RefList::StoreType),
            "categories" => Some(RefList::Category),
            _ => None,
        }
    }

    /// The list's name in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            RefList::Platform => "platforms",
            RefList::StoreType => "store-types",
            RefList::Category => "categories",
        }
    }
}

/// One item of a list.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RefItem {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Categories only: how its money counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub kind: Option<CategoryKind>,
    pub archived: bool,
}

impl RefItem {
    /// The name in a language.
    pub fn name(&self, lang: &Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }

    /// Whether `text` names this item: its code or either name, ignoring case.
    pub fn answers_to(&self, text: &str) -> bool {
        let text = text.trim();
        self.code.eq_ignore_ascii_case(text)
            || self.name_zh == text
            || self.name_en.eq_ignore_ascii_case(text)
    }
}

/// Gives a new organization the default platforms, store types and categories.
pub async fn seed_defaults(tx: &mut TenantTx) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    for (sort, (code, zh, en)) in DEFAULT_PLATFORMS.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO platform (tenant_id, code, name_zh, name_en, sort) VALUES ($1, $2, $3, $4, $5)",
            tenant as TenantId, code, zh, en, sort as i32
        )
        .execute(tx.conn())
        .await?;
    }
    for (sort, (code, zh, en)) in DEFAULT_STORE_TYPES.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO store_type (tenant_id, code, name_zh, name_en, sort) VALUES ($1, $2, $3, $4, $5)",
            tenant as TenantId, code, zh, en, sort as i32
        )
        .execute(tx.conn())
        .await?;
    }
    for (sort, c) in DEFAULT_CATEGORIES.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO category (tenant_id, code, name_zh, name_en, kind, sort) VALUES ($1, $2, $3, $4, $5, $6)",
            tenant as TenantId, c.code, c.name_zh, c.name_en, c.kind.as_str(), sort as i32
        )
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

/// The items of a list, in their order; archived ones last.
pub async fn list(tx: &mut TenantTx, which: RefList) -> Result<Vec<RefItem>, sqlx::Error> {
    let tenant = tx.tenant();
    let rows = match which {
        RefList::Platform => sqlx::query!(
            "SELECT code, name_zh, name_en, NULL::text AS kind, archived FROM platform
             WHERE tenant_id = $1 ORDER BY archived, sort, code",
            tenant as TenantId
        )
        .fetch_all(tx.conn())
        .await?
        .into_iter()
        .map(|r| (r.code, r.name_zh, r.name_en, r.kind, r.archived))
        .collect::<Vec<_>>(),
        RefList::StoreType => sqlx::query!(
            "SELECT code, name_zh, name_en, NULL::text AS kind, archived FROM store_type
             WHERE tenant_id = $1 ORDER BY archived, sort, code",
            tenant as TenantId
        )
        .fetch_all(tx.conn())
        .await?
        .into_iter()
        .map(|r| (r.code, r.name_zh, r.name_en, r.kind, r.archived))
        .collect(),
        RefList::Category => sqlx::query!(
            "SELECT code, name_zh, name_en, kind AS \"kind?\", archived FROM category
             WHERE tenant_id = $1 ORDER BY archived, sort, code",
            tenant as TenantId
        )
        .fetch_all(tx.conn())
        .await?
        .into_iter()
        .map(|r| (r.code, r.name_zh, r.name_en, r.kind, r.archived))
        .collect(),
    };
    Ok(rows
        .into_iter()
        .map(|(code, name_zh, name_en, kind, archived)| RefItem {
            code,
            name_zh,
            name_en,
            kind: kind.and_then(|k| CategoryKind::parse(&k).ok()),
            archived,
        })
        .collect())
}

/// Adds an item at the end of its list.
pub async fn add(tx: &mut TenantTx, which: RefList, item: &RefItem) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    match which {
        RefList::Platform => sqlx::query!(
            "INSERT INTO platform (tenant_id, code, name_zh, name_en, sort)
             SELECT $1, $2, $3, $4, COALESCE(max(sort), 0) + 1 FROM platform WHERE tenant_id = $1",
            tenant as TenantId, item.code, item.name_zh, item.name_en
        )
        .execute(tx.conn())
        .await?,
        RefList::StoreType => sqlx::query!(
            "INSERT INTO store_type (tenant_id, code, name_zh, name_en, sort)
             SELECT $1, $2, $3, $4, COALESCE(max(sort), 0) + 1 FROM store_type WHERE tenant_id = $1",
            tenant as TenantId, item.code, item.name_zh, item.name_en
        )
        .execute(tx.conn())
        .await?,
        RefList::Category => sqlx::query!(
            "INSERT INTO category (tenant_id, code, name_zh, name_en, kind, sort)
             SELECT $1, $2, $3, $4, $5, COALESCE(max(sort), 0) + 1 FROM category WHERE tenant_id = $1",
            tenant as TenantId, item.code, item.name_zh, item.name_en,
            item.kind.unwrap_or(CategoryKind::Marketing).as_str()
        )
        .execute(tx.conn())
        .await?,
    };
    Ok(())
}

/// Renames an item or (un)archives it; the code and a category's kind never change, since
/// recorded money depends on them. Returns whether the item exists.
pub async fn update(
    tx: &mut TenantTx,
    which: RefList,
    code: &str,
    name_zh: &str,
    name_en: &str,
    archived: bool,
) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant();
    let done = match which {
        RefList::Platform => sqlx::query!(
            "UPDATE platform SET name_zh = $3, name_en = $4, archived = $5 WHERE tenant_id = $1 AND code = $2",
            tenant as TenantId, code, name_zh, name_en, archived
        )
        .execute(tx.conn())
        .await?,
        RefList::StoreType => sqlx::query!(
            "UPDATE store_type SET name_zh = $3, name_en = $4, archived = $5 WHERE tenant_id = $1 AND code = $2",
            tenant as TenantId, code, name_zh, name_en, archived
        )
        .execute(tx.conn())
        .await?,
        RefList::Category => sqlx::query!(
            "UPDATE category SET name_zh = $3, name_en = $4, archived = $5 WHERE tenant_id = $1 AND code = $2",
            tenant as TenantId, code, name_zh, name_en, archived
        )
        .execute(tx.conn())
        .await?,
    };
    Ok(done.rows_affected() == 1)
}
