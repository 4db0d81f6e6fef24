//! Secret values. None is `Clone`, `Serialize` or printable: `Debug` says "redacted", memory is
//! zeroised on drop, and the bytes are only reachable through a loudly named accessor.

use crate::error::{Result, StoreError};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::atomic::{AtomicUsize, Ordering};
use zeroize::{Zeroize, Zeroizing};

/// Fills `buf` from the operating system's random source.
pub(crate) fn random_bytes(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| StoreError::Internal(format!("no OS randomness: {e}")))
}

/// HMAC-SHA256 under a 32-byte key, over `parts` in order. Infallible by construction: the key
/// is a fixed-size array, zero-padded to SHA-256's 64-byte block exactly as HMAC itself pads a
/// shorter key (RFC 2104), so the result equals HMAC with the 32-byte key and no "cannot happen"
/// branch (an empty MAC, a zero key) exists.
pub(crate) fn hmac_sha256(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::digest::KeyInit;
    let mut block = Zeroizing::new([0u8; 64]);
    block[..32].copy_from_slice(key);
    let mut mac = <Hmac<Sha256> as KeyInit>::new(&(*block).into());
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// The 256-bit key of one database: the raw SQLCipher key.
pub struct DataKey(Box<[u8; 32]>);

/// How many data keys this process holds right now (every copy counts). A locked Jeopsu holds
/// none: the app's test-only probe reads this after the idle lock (docs/SECURITY.md).
static LIVE_DATA_KEYS: AtomicUsize = AtomicUsize::new(0);

/// How many data keys this process holds right now.
pub fn live_data_keys() -> usize {
    LIVE_DATA_KEYS.load(Ordering::SeqCst)
}

impl Drop for DataKey {
    fn drop(&mut self) {
        self.0.zeroize();
        LIVE_DATA_KEYS.fetch_sub(1, Ordering::SeqCst);
    }
}

impl DataKey {
    fn wrap(k: Box<[u8; 32]>) -> DataKey {
        LIVE_DATA_KEYS.fetch_add(1, Ordering::SeqCst);
        DataKey(k)
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(redacted)")
    }
}

impl DataKey {
    /// A new random data key.
    pub fn generate() -> Result<DataKey> {
        let mut k = Box::new([0u8; 32]);
        random_bytes(k.as_mut_slice())?;
        Ok(DataKey::wrap(k))
    }

    /// A second copy, zeroised on drop like the first: for a backup written off the desk's lock
    /// on its own connection (`backup_schedule::Job`).
    pub(crate) fn duplicate(&self) -> DataKey {
        let mut k = Box::new([0u8; 32]);
        k.copy_from_slice(self.0.as_slice());
        DataKey::wrap(k)
    }

    /// Takes ownership of key bytes (the caller's copy is zeroised by `Zeroizing`).
    pub fn from_bytes(bytes: &[u8]) -> Option<DataKey> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        let mut arr = Zeroizing::new(arr);
        let mut k = Box::new([0u8; 32]);
        k.copy_from_slice(arr.as_slice());
        arr.zeroize();
        Some(DataKey::wrap(k))
    }

    /// The key itself. Only for SQLCipher, the keyring and key wrapping.
    pub fn expose_secret_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The SQLCipher raw-key literal `x'<64 hex>'`: no PBKDF2 on open.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(67));
        s.push_str("x'");
        s.push_str(&hex::encode(self.0.as_slice()));
        s.push('\'');
        s
    }

    /// A key for another purpose, derived so that it reveals nothing about the data key.
    /// DO NOT CHANGE the labels used with this: existing audit chains are keyed by them.
    pub(crate) fn derive(&self, label: &[u8]) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(hmac_sha256(&self.0, &[label]))
    }
}

/// The identity of one database (random, not secret). Ties the key file, the keyring entry and
/// the database to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DbId(pub [u8; 16]);

impl DbId {
    /// A new random id.
    pub fn generate() -> Result<DbId> {
        let mut b = [0u8; 16];
        random_bytes(&mut b)?;
        Ok(DbId(b))
    }
    /// The id as 32 hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
    /// The id from 32 hex digits; `None` for anything else.
    pub fn from_hex(s: &str) -> Option<DbId> {
        let v = hex::decode(s).ok()?;
        Some(DbId(v.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_does_not_leak_the_key() {
        let k = DataKey::from_bytes(&[0xAB; 32]).expect("32 bytes");
        let shown = format!("{k:?}");
        assert_eq!(shown, "DataKey(redacted)");
        assert!(
            !shown.to_lowercase().contains("ab"),
            "no key bytes in {shown}"
        );
    }

    /// The fixed-size HMAC equals HMAC with the 32-byte key (so every stored MAC stays valid).
    #[test]
    fn fixed_size_hmac_equals_hmac_with_the_short_key() {
        let key = [7u8; 32];
        let mut reference = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("any length");
        reference.update(b"ab");
        reference.update(b"cd");
        let want: [u8; 32] = reference.finalize().into_bytes().into();
        assert_eq!(super::hmac_sha256(&key, &[b"ab", b"cd"]), want);
    }

    #[test]
    fn derived_keys_differ_by_label_and_from_the_key() {
        let k = DataKey::generate().expect("random");
        let a = k.derive(b"one");
        let b = k.derive(b"two");
        assert_ne!(*a, *b);
        assert_ne!(&*a, k.expose_secret_bytes());
    }

    #[test]
    fn literal_is_raw_key_form() {
        let k = DataKey::from_bytes(&[0x01; 32]).expect("32 bytes");
        let lit = k.sqlcipher_literal();
        assert!(
            lit.starts_with("x'0101") && lit.ends_with('\'') && lit.len() == 67,
            "{}",
            lit.len()
        );
    }

    #[test]
    fn wrong_length_is_refused() {
        assert!(DataKey::from_bytes(&[0; 31]).is_none());
        assert!(DbId::from_hex("abcd").is_none());
    }
}
