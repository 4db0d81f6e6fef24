//! `jeopsu.key`: the data key wrapped with the recovery phrase.
//!
//! Binary layout, version 1. DO NOT CHANGE: every installation's key file has this shape; a new
//! layout gets a new version byte and this one keeps being read.
//! ```text
//! off len field
//!   0   8 magic "JEOPSUKF"
//!   8   1 version = 1
//!   9   1 kdf = 1 (Argon2id, v0x13)
//!  10   4 m_cost KiB (u32 LE)
//!  14   4 t_cost (u32 LE)
//!  18   4 p_cost (u32 LE)
//!  22  16 salt
//!  38  16 database id
//!  54  24 XChaCha20-Poly1305 nonce
//!  78  48 ciphertext: 32-byte data key + 16-byte tag; associated data = bytes 0..54
//! 126     end
//! ```
//! A phrase that passes its checksums but is not this database's fails the AEAD tag: that is
//! "wrong phrase", distinct from "typo".

use crate::error::{Result, StoreError};
use crate::paths;
use crate::vault::phrase::RecoveryPhrase;
use crate::vault::secret::{DataKey, DbId, random_bytes};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::path::Path;
use zeroize::Zeroizing;

const MAGIC: &[u8; 8] = b"JEOPSUKF";
const VERSION: u8 = 1;
const KDF_ARGON2ID: u8 = 1;
const HEADER_LEN: usize = 54;
const FILE_LEN: usize = 126;

/// Argon2id cost. The phrase already carries 128 bits, so this is defence in depth, sized to
/// stay well under a second on a clinic PC (see BENCHMARKS.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory, in KiB.
    pub m_cost_kib: u32,
    /// Passes over the memory.
    pub t_cost: u32,
    /// Lanes (parallelism).
    pub p_cost: u32,
}

impl KdfParams {
    /// The most a key file may ask of Argon2id: 1 GiB of memory, 10 passes, 4 lanes (and at
    /// least Argon2's own minimum of 8 KiB per lane).
    pub const MAX_M_COST_KIB: u32 = 1024 * 1024;
    /// The most passes.
    pub const MAX_T_COST: u32 = 10;
    /// The most lanes.
    pub const MAX_P_COST: u32 = 4;

    /// A staff slot's cost (docs/SECURITY.md "Key slots", BENCHMARKS.md "Key slots").
    pub const SLOT: KdfParams = KdfParams {
        m_cost_kib: 256 * 1024,
        t_cost: 3,
        p_cost: 1,
    };

    /// The lowest cost: for tests about formats and flows, never for a real installation.
    pub const TEST_LOW: KdfParams = KdfParams {
        m_cost_kib: 64,
        t_cost: 1,
        p_cost: 1,
    };

    /// Whether a cost read from a file is within the bounds above (a crafted file cannot make
    /// the app allocate without limit).
    pub fn within_bounds(self) -> bool {
        (1..=Self::MAX_P_COST).contains(&self.p_cost)
            && (1..=Self::MAX_T_COST).contains(&self.t_cost)
            && (8 * self.p_cost..=Self::MAX_M_COST_KIB).contains(&self.m_cost_kib)
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        KdfParams {
            m_cost_kib: 64 * 1024,
            t_cost: 3,
            p_cost: 1,
        }
    }
}

/// The key file (`jeopsu.key`): the data key wrapped under a key derived from the recovery
/// phrase with Argon2id (XChaCha20-Poly1305), and the database id it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFile {
    /// The database it belongs to.
    pub db_id: DbId,
    params: KdfParams,
    salt: [u8; 16],
    nonce: [u8; 24],
    ciphertext: Vec<u8>,
}

fn wrapping_key(
    phrase: &RecoveryPhrase,
    params: KdfParams,
    salt: &[u8; 16],
) -> Result<Zeroizing<[u8; 32]>> {
    argon2id(phrase.expose_secret_entropy(), params, salt)
}

/// Argon2id (v0x13) of `secret` with `salt`, 32 bytes out.
pub(crate) fn argon2id(
    secret: &[u8],
    params: KdfParams,
    salt: &[u8; 16],
) -> Result<Zeroizing<[u8; 32]>> {
    let p = Params::new(params.m_cost_kib, params.t_cost, params.p_cost, Some(32))
        .map_err(|e| StoreError::Internal(format!("argon2 parameters: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, p)
        .hash_password_into(secret, salt, out.as_mut_slice())
        .map_err(|e| StoreError::Internal(format!("argon2: {e}")))?;
    Ok(out)
}

impl KeyFile {
    /// Wraps `key` with `phrase` for database `db_id`.
    pub fn seal(
        key: &DataKey,
        phrase: &RecoveryPhrase,
        db_id: DbId,
        params: KdfParams,
    ) -> Result<KeyFile> {
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        random_bytes(&mut salt)?;
        random_bytes(&mut nonce)?;
        let mut kf = KeyFile {
            db_id,
            params,
            salt,
            nonce,
            ciphertext: vec![],
        };
        let wk = wrapping_key(phrase, params, &salt)?;
        let cipher = XChaCha20Poly1305::new_from_slice(wk.as_slice())
            .map_err(|e| StoreError::Internal(format!("cipher key: {e}")))?;
        let aad = kf.header();
        kf.ciphertext = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: key.expose_secret_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|e| StoreError::Internal(format!("seal: {e}")))?;
        Ok(kf)
    }

    /// Unwraps the data key. A phrase of another database gives [`StoreError::PhraseWrong`].
    pub fn unwrap_key(&self, phrase: &RecoveryPhrase) -> Result<DataKey> {
        let wk = wrapping_key(phrase, self.params, &self.salt)?;
        let cipher = XChaCha20Poly1305::new_from_slice(wk.as_slice())
            .map_err(|e| StoreError::Internal(format!("cipher key: {e}")))?;
        let aad = self.header();
        let plain = Zeroizing::new(
            cipher
                .decrypt(
                    XNonce::from_slice(&self.nonce),
                    Payload {
                        msg: &self.ciphertext,
                        aad: &aad,
                    },
                )
                .map_err(|_| StoreError::PhraseWrong)?,
        );
        DataKey::from_bytes(&plain).ok_or(StoreError::PhraseWrong)
    }

    fn header(&self) -> Vec<u8> {
        let mut h = Vec::with_capacity(HEADER_LEN);
        h.extend_from_slice(MAGIC);
        h.push(VERSION);
        h.push(KDF_ARGON2ID);
        h.extend_from_slice(&self.params.m_cost_kib.to_le_bytes());
        h.extend_from_slice(&self.params.t_cost.to_le_bytes());
        h.extend_from_slice(&self.params.p_cost.to_le_bytes());
        h.extend_from_slice(&self.salt);
        h.extend_from_slice(&self.db_id.0);
        h
    }

    /// The file's bytes, in its fixed layout.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = self.header();
        b.extend_from_slice(&self.nonce);
        b.extend_from_slice(&self.ciphertext);
        b
    }

    /// Parses a key file; `None` if it is not one (wrong size, magic, version or algorithm).
    pub fn from_bytes(b: &[u8]) -> Option<KeyFile> {
        if b.len() != FILE_LEN || &b[..8] != MAGIC || b[8] != VERSION || b[9] != KDF_ARGON2ID {
            return None;
        }
        let u32_at = |o: usize| -> Option<u32> {
            Some(u32::from_le_bytes(b.get(o..o + 4)?.try_into().ok()?))
        };
        let params = KdfParams {
            m_cost_kib: u32_at(10)?,
            t_cost: u32_at(14)?,
            p_cost: u32_at(18)?,
        };
        // The costs are read before anything is authenticated: a crafted file (a backup from
        // anywhere) must not make unwrapping take all memory or hours.
        if !params.within_bounds() {
            return None;
        }
        Some(KeyFile {
            params,
            salt: b[22..38].try_into().ok()?,
            db_id: DbId(b[38..54].try_into().ok()?),
            nonce: b[54..78].try_into().ok()?,
            ciphertext: b[78..].to_vec(),
        })
    }

    /// Reads the key file at `path`; a missing, unreadable or malformed one is `KeyFileDamaged`
    /// (a permission problem is reported as such).
    pub fn read(path: &Path) -> Result<KeyFile> {
        let bytes = std::fs::read(path).map_err(|e| match StoreError::io(path, e) {
            StoreError::Io { .. } => StoreError::KeyFileDamaged {
                path: path.to_path_buf(),
            },
            other => other,
        })?;
        KeyFile::from_bytes(&bytes).ok_or_else(|| StoreError::KeyFileDamaged {
            path: path.to_path_buf(),
        })
    }

    /// Writes the key file atomically (a crash leaves the old file or the new one, whole).
    pub fn write(&self, path: &Path) -> Result<()> {
        paths::write_atomic(path, &self.to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small Argon2 cost: these tests are about the format, not the cost.
    const FAST: KdfParams = KdfParams {
        m_cost_kib: 64,
        t_cost: 1,
        p_cost: 1,
    };

    #[test]
    fn seal_then_unwrap_gives_the_key_back() {
        let key = DataKey::generate().expect("key");
        let phrase = RecoveryPhrase::generate().expect("phrase");
        let kf = KeyFile::seal(&key, &phrase, DbId([7; 16]), FAST).expect("seal");
        let bytes = kf.to_bytes();
        assert_eq!(bytes.len(), FILE_LEN);
        let back = KeyFile::from_bytes(&bytes)
            .expect("parse")
            .unwrap_key(&phrase)
            .expect("unwrap");
        assert_eq!(back.expose_secret_bytes(), key.expose_secret_bytes());
    }

    #[test]
    fn another_phrase_is_wrong_not_a_typo() {
        let key = DataKey::generate().expect("key");
        let kf = KeyFile::seal(
            &key,
            &RecoveryPhrase::generate().expect("p"),
            DbId([1; 16]),
            FAST,
        )
        .expect("seal");
        let other = RecoveryPhrase::generate().expect("other");
        assert!(matches!(
            kf.unwrap_key(&other),
            Err(StoreError::PhraseWrong)
        ));
    }

    #[test]
    fn any_flipped_byte_is_detected() {
        let key = DataKey::generate().expect("key");
        let phrase = RecoveryPhrase::generate().expect("phrase");
        let bytes = KeyFile::seal(&key, &phrase, DbId([2; 16]), FAST)
            .expect("seal")
            .to_bytes();
        // Header bytes other than the KDF costs (changing those only costs time) and the body.
        for i in (0..10).chain(22..FILE_LEN) {
            let mut b = bytes.clone();
            b[i] ^= 0x01;
            let outcome = KeyFile::from_bytes(&b).map(|kf| kf.unwrap_key(&phrase).is_ok());
            assert_ne!(outcome, Some(true), "flipping byte {i} went unnoticed");
        }
    }

    /// A key file from anywhere (inside a crafted backup) cannot ask for more than 1 GiB, 10
    /// passes or 4 lanes: it is refused before Argon2 runs.
    #[test]
    fn kdf_costs_beyond_the_bounds_are_refused_before_unwrapping() {
        let key = DataKey::generate().expect("key");
        let phrase = RecoveryPhrase::generate().expect("phrase");
        let bytes = KeyFile::seal(&key, &phrase, DbId([4; 16]), FAST)
            .expect("seal")
            .to_bytes();
        let with = |offset: usize, v: u32| {
            let mut b = bytes.clone();
            b[offset..offset + 4].copy_from_slice(&v.to_le_bytes());
            KeyFile::from_bytes(&b)
        };
        assert!(with(10, u32::MAX).is_none(), "memory");
        assert!(with(10, KdfParams::MAX_M_COST_KIB + 1).is_none(), "memory");
        assert!(with(10, 7).is_none(), "below Argon2's minimum");
        assert!(with(14, 11).is_none(), "passes");
        assert!(with(14, 0).is_none(), "passes");
        assert!(with(18, 5).is_none(), "lanes");
        assert!(with(18, 0).is_none(), "lanes");
        assert!(
            with(10, KdfParams::MAX_M_COST_KIB).is_some(),
            "1 GiB is allowed"
        );
        assert!(with(14, 10).is_some(), "10 passes are allowed");
        assert!(with(18, 4).is_some(), "4 lanes are allowed");
        assert!(KdfParams::default().within_bounds());
    }

    #[test]
    fn truncated_file_is_not_a_key_file() {
        assert!(KeyFile::from_bytes(&[0u8; 125]).is_none());
        assert!(KeyFile::from_bytes(b"").is_none());
    }
}
