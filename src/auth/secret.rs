//! Random secrets (session cookies, API tokens, invitation links) and their stored hashes.
//! Only the SHA-256 of a secret is kept: a leaked table opens no session.

use sha2::{Digest, Sha256};

/// The prefix of API tokens, so that a token pasted somewhere is recognisable.
pub const TOKEN_PREFIX: &str = "spt_";

/// A new random secret: 32 bytes from the operating system, as 64 hex digits.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    hex(&bytes)
}

/// A new API token.
pub fn new_api_token() -> String {
    format!("{TOKEN_PREFIX}{}", new_secret())
}

/// What is stored for a secret.
pub fn hash_secret(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_hashed() {
        let a = new_secret();
        let b = new_secret();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), hash_secret(&b));
        assert!(new_api_token().starts_with("spt_"));
    }
}
