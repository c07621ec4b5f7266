//! Bounded concurrency for costly work (file imports, password hashing): at most `total`
//! jobs at once, at most `per_key` of them for one key (an organization), at most `queue`
//! callers waiting, and a short wait for a place before the caller is told to come back. So forty uploads at once cost what a
//! few do, and one organization cannot take every place from the others.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Places for one kind of work.
#[derive(Debug)]
pub struct Slots<K> {
    total: Arc<Semaphore>,
    per_key: usize,
    keys: Mutex<HashMap<K, Arc<Semaphore>>>,
    wait: Duration,
    queue: usize,
    waiting: AtomicUsize,
    capacity: usize,
    /// The most places ever held at once.
    peak: AtomicUsize,
}

/// A place held; freed when dropped.
#[derive(Debug)]
pub struct Slot {
    _key: Option<OwnedSemaphorePermit>,
    _total: OwnedSemaphorePermit,
}

/// No place came free within the wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Full {
    /// Seconds after which trying again is sensible.
    pub retry_after_secs: u64,
}

impl<K: Eq + Hash + Clone> Slots<K> {
    /// `total` places (at least one), `per_key` of them for one key (at least one, at most
    /// `total`), each caller waiting at most `wait` for its place, and callers beyond
    /// `total + queue` turned away at once.
    pub fn new(total: usize, per_key: usize, queue: usize, wait: Duration) -> Self {
        let total = total.max(1);
        Self {
            total: Arc::new(Semaphore::new(total)),
            per_key: per_key.clamp(1, total),
            keys: Mutex::new(HashMap::new()),
            wait,
            queue: total + queue,
            waiting: AtomicUsize::new(0),
            capacity: total,
            peak: AtomicUsize::new(0),
        }
    }

    /// A place for `key`'s work, waiting for one at most the configured time in all.
    pub async fn acquire(&self, key: Option<&K>) -> Result<Slot, Full> {
        let full = Full {
            retry_after_secs: self.wait.as_secs().max(1),
        };
        let _in_line = InLine::join(&self.waiting, self.queue).ok_or(full)?;
        let work = async {
            let key_permit = match key {
                Some(key) => Some(self.key_semaphore(key).acquire_owned().await.ok()?),
                None => None,
            };
            let total = self.total.clone().acquire_owned().await.ok()?;
            Some(Slot {
                _key: key_permit,
                _total: total,
            })
        };
        let slot = tokio::time::timeout(self.wait, work).await;
        self.forget_idle_keys();
        match slot {
            Ok(Some(slot)) => {
                let held = self.capacity - self.total.available_permits();
                self.peak.fetch_max(held, Ordering::SeqCst);
                Ok(slot)
            }
            _ => Err(full),
        }
    }

    /// Places free now, for the tests.
    pub fn available(&self) -> usize {
        self.total.available_permits()
    }

    /// The most places held at once since the start, for the tests and the bound they prove.
    pub fn peak_held(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    fn key_semaphore(&self, key: &K) -> Arc<Semaphore> {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        keys.entry(key.clone())
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_key)))
            .clone()
    }

    /// Drops the semaphores nobody holds or waits on, so the map stays as small as the
    /// number of keys at work.
    fn forget_idle_keys(&self) {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        if keys.len() > 64 {
            keys.retain(|_, s| Arc::strong_count(s) > 1);
        }
    }
}

/// One caller counted among those asking, from asking until it has its place or gives up.
struct InLine<'a>(&'a AtomicUsize);

impl<'a> InLine<'a> {
    fn join(count: &'a AtomicUsize, most: usize) -> Option<Self> {
        let before = count.fetch_add(1, Ordering::SeqCst);
        let line = InLine(count);
        (before < most).then_some(line)
    }
}

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(total: usize, per_key: usize) -> Slots<u32> {
        Slots::new(total, per_key, 100, Duration::from_millis(50))
    }

    #[tokio::test]
    async fn one_key_gets_no_more_than_its_share() {
        let slots = slots(4, 2);
        let a1 = slots.acquire(Some(&1)).await.unwrap();
        let _a2 = slots.acquire(Some(&1)).await.unwrap();
        assert!(slots.acquire(Some(&1)).await.is_err(), "a third for key 1");
        let _b1 = slots.acquire(Some(&2)).await.unwrap();
        assert_eq!(slots.available(), 1);
        drop(a1);
        assert!(slots.acquire(Some(&1)).await.is_ok());
    }

    #[tokio::test]
    async fn the_total_holds_across_keys_and_a_freed_place_is_taken_by_a_waiter() {
        let slots = Arc::new(Slots::new(2, 1, 100, Duration::from_secs(5)));
        let a = slots.acquire(Some(&1)).await.unwrap();
        let _b = slots.acquire(Some(&2)).await.unwrap();
        let waiting = {
            let slots = slots.clone();
            tokio::spawn(async move { slots.acquire(Some(&3)).await.is_ok() })
        };
        tokio::task::yield_now().await;
        drop(a);
        assert!(waiting.await.unwrap());
    }

    #[tokio::test]
    async fn forty_callers_at_once_never_hold_more_than_the_total() {
        let slots = Arc::new(Slots::new(3, 3, 100, Duration::from_secs(5)));
        let busy = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let jobs = (0..40u32).map(|i| {
            let (slots, busy, most) = (slots.clone(), busy.clone(), most.clone());
            tokio::spawn(async move {
                let _slot = slots.acquire(Some(&(i % 5))).await.unwrap();
                let now = busy.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                tokio::task::yield_now().await;
                busy.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            })
        });
        for job in jobs.collect::<Vec<_>>() {
            job.await.unwrap();
        }
        assert!(most.load(std::sync::atomic::Ordering::SeqCst) <= 3);
    }

    #[tokio::test]
    async fn callers_past_the_queue_are_turned_away_at_once() {
        let slots = Arc::new(Slots::<u32>::new(1, 1, 1, Duration::from_secs(30)));
        let _held = slots.acquire(None).await.unwrap();
        let waiter = {
            let slots = slots.clone();
            tokio::spawn(async move { slots.acquire(None).await.map(|_| ()) })
        };
        tokio::task::yield_now().await;
        // With one place held and one caller waiting, a third is refused without waiting
        // (were it to wait, the test would hang for the 30 s and the waiter would finish).
        assert!(slots.acquire(None).await.is_err());
        assert!(!waiter.is_finished());
        waiter.abort();
    }
}
