//! Rendered shop dashboards kept in memory, each with the version of the figures it was
//! rendered from (`figures_stamp`, raised by the database in the same transaction as every
//! write to what the page shows). A request whose page is here reads only that version, one
//! indexed row per shop and organization, and shows the page again when it has not moved;
//! otherwise the page is computed and rendered as usual and replaces the old one. So a page is
//! never shown from older figures than the request could read, and its cost follows how often
//! the shop's data changes (an import a day), not how often it is looked at.
//!
//! Bounded by the bytes of the pages kept (`PAGE_CACHE_MB`, 0 keeps none); the page used
//! least recently goes first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use crate::db::dashboard::Stamp;
use crate::domain::YearMonth;
use crate::domain::ids::{PlanId, ShopId, TenantId};
use crate::i18n::Lang;

/// Everything besides the figures that a dashboard's content depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub tenant: TenantId,
    pub plan: PlanId,
    /// As asked; `None` is today, which the stamp carries.
    pub as_of: Option<NaiveDate>,
    /// The waterfall month asked for.
    pub month: Option<YearMonth>,
    pub lang: Lang,
    /// Whether the member may add review notes (the form is shown).
    pub can_note: bool,
}

/// A rendered page's content and what it was rendered from.
#[derive(Debug)]
pub struct CachedPage {
    pub shop: ShopId,
    pub stamp: Stamp,
    pub title: String,
    pub body: String,
}

impl CachedPage {
    fn bytes(&self) -> usize {
        self.title.len() + self.body.len() + std::mem::size_of::<Self>()
    }
}

pub struct PageCache {
    budget: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    pages: HashMap<PageKey, (Arc<CachedPage>, u64)>,
    bytes: usize,
    clock: u64,
}

impl PageCache {
    /// A cache holding at most `budget` bytes of pages; 0 holds none.
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The page kept for `key`, whatever its stamp (the caller compares it).
    pub fn get(&self, key: &PageKey) -> Option<Arc<CachedPage>> {
        let mut inner = self.lock();
        inner.clock += 1;
        let now = inner.clock;
        let (page, used) = inner.pages.get_mut(key)?;
        *used = now;
        Some(page.clone())
    }

    /// Keeps `page` for `key`, in place of any earlier one, making room by dropping the pages
    /// used least recently. A page larger than the whole budget is not kept.
    pub fn put(&self, key: PageKey, page: CachedPage) {
        let size = page.bytes();
        if size > self.budget {
            return;
        }
        let mut inner = self.lock();
        if let Some((old, _)) = inner.pages.remove(&key) {
            inner.bytes -= old.bytes();
        }
        while inner.bytes + size > self.budget {
            let Some(oldest) = inner
                .pages
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| *k)
            else {
                break;
            };
            if let Some((gone, _)) = inner.pages.remove(&oldest) {
                inner.bytes -= gone.bytes();
            }
        }
        inner.clock += 1;
        let now = inner.clock;
        inner.bytes += size;
        inner.pages.insert(key, (Arc::new(page), now));
    }

    /// How many pages and bytes are kept.
    #[cfg(test)]
    fn usage(&self) -> (usize, usize) {
        let inner = self.lock();
        (inner.pages.len(), inner.bytes)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the map inconsistent with `bytes` in a
        // way that matters more than losing the cache: carry on with what is there.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u128) -> PageKey {
        PageKey {
            tenant: TenantId(uuid::Uuid::from_u128(1)),
            plan: PlanId(uuid::Uuid::from_u128(n)),
            as_of: None,
            month: None,
            lang: Lang::default(),
            can_note: true,
        }
    }

    fn page(body_len: usize, version: i64) -> CachedPage {
        CachedPage {
            shop: ShopId(uuid::Uuid::from_u128(7)),
            stamp: Stamp {
                version,
                today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            },
            title: String::new(),
            body: "x".repeat(body_len),
        }
    }

    #[test]
    fn a_page_replaces_the_one_kept_for_the_same_key() {
        let cache = PageCache::new(1 << 20);
        cache.put(key(1), page(100, 1));
        cache.put(key(1), page(200, 2));
        let kept = cache.get(&key(1)).unwrap();
        assert_eq!((kept.stamp.version, kept.body.len()), (2, 200));
        assert_eq!(cache.usage().0, 1);
        assert_eq!(cache.usage().1, page(200, 2).bytes());
        assert!(cache.get(&key(2)).is_none());
    }

    #[test]
    fn the_page_used_least_recently_goes_first_and_the_budget_holds() {
        let one = page(1000, 1).bytes();
        let cache = PageCache::new(one * 3);
        for n in 1..=3 {
            cache.put(key(n), page(1000, 1));
        }
        // 1 is read again, so 2 is now the one used least recently.
        assert!(cache.get(&key(1)).is_some());
        cache.put(key(4), page(1000, 1));
        assert!(cache.get(&key(2)).is_none());
        for n in [1, 3, 4] {
            assert!(cache.get(&key(n)).is_some(), "page {n} was dropped");
        }
        assert_eq!(cache.usage(), (3, one * 3));
    }

    #[test]
    fn nothing_is_kept_without_a_budget_or_beyond_it() {
        let off = PageCache::new(0);
        off.put(key(1), page(10, 1));
        assert!(off.get(&key(1)).is_none());
        let small = PageCache::new(page(10, 1).bytes());
        small.put(key(1), page(11, 1));
        assert!(small.get(&key(1)).is_none());
        assert_eq!(small.usage(), (0, 0));
    }
}
