//! API keys: `ca_<key id>_<secret>`. Only a SHA-256 hash of the whole key is stored; the key id
//! finds the record, and the hash is compared in constant time.

use sha2::{Digest, Sha256};

const PREFIX: &str = "ca";

/// A freshly generated key: shown to its owner once, never stored.
pub struct NewKey {
    pub id: String,
    pub secret_key: String,
}

impl NewKey {
    pub fn generate() -> Self {
        let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
        // Two v4 UUIDs give 244 random bits from the OS generator.
        let secret = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        NewKey {
            secret_key: format!("{PREFIX}_{id}_{secret}"),
            id,
        }
    }
}

pub fn hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The key id inside a presented key, if the key has the right shape.
pub fn key_id(key: &str) -> Option<&str> {
    let mut parts = key.splitn(3, '_');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(PREFIX), Some(id), Some(secret))
            if id.len() == 12
                && secret.len() == 64
                && id.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Some(id)
        }
        _ => None,
    }
}

/// Equality whose running time does not depend on where the inputs differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse_and_differ() {
        let a = NewKey::generate();
        let b = NewKey::generate();
        assert_eq!(key_id(&a.secret_key), Some(a.id.as_str()));
        assert_ne!(a.secret_key, b.secret_key);
        assert_ne!(hash(&a.secret_key), hash(&b.secret_key));
    }

    #[test]
    fn malformed_keys_have_no_id() {
        for bad in ["", "ca_", "ca_123_abc", "xx_0123456789ab_", "Bearer ca_x_y"] {
            assert_eq!(key_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn constant_time_eq_compares_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
