//! `jeopsu.slots`: the staff key slots. Each active account has one: the data key sealed under a
//! key derived from the person's password. The whole list is sealed again under an outer key
//! derived from this PC's device secret (OS keyring), so both are needed; without a keyring the
//! clinic may choose password-only slots, where the outer key is public (docs/SECURITY.md).
//!
//! Binary layout, version 1. DO NOT CHANGE: a new layout gets a new version byte and this one
//! keeps being read. The file is rewritten whole (atomically), never edited in place.
//! ```text
//! off len field
//!   0   8 magic "JEOPSUSL"
//!   8   1 version = 1
//!   9   1 mode: 1 = password + device secret, 2 = password only
//!  10  16 database id
//!  26   4 generation (u32 LE), one more at every rewrite
//!  30  24 nonce A
//!  54  48 the device secret + 16-byte tag, sealed (XChaCha20-Poly1305) under
//!         HMAC(data key, "jeopsu device secret copy v1"); associated data = bytes 0..54.
//!         Whoever has the data key (the recovery phrase) gets the device secret back, so a new
//!         PC's keyring can be refilled. Mode 2: 48 zero bytes.
//! 102  24 nonce B
//! 126   4 body length n (u32 LE, at most 1 MiB)
//! 130   n the body, sealed under the outer key; associated data = bytes 0..130
//!         outer key, mode 1: HMAC(device secret, "jeopsu slots outer v1" ‖ database id)
//!         outer key, mode 2: HMAC(32 zero bytes, "jeopsu slots outer v1" ‖ database id)
//! ```
//! The body, once opened:
//! ```text
//!  32 tag key (random; names slots without writing usernames down)
//!   2 slot count (u16 LE)
//! then per slot, 132 bytes:
//!  32 user tag = HMAC(tag key, "jeopsu slot user v1" ‖ username as stored)
//!  12 Argon2id m_cost KiB, t_cost, p_cost (u32 LE each)
//!  16 salt
//!  24 nonce
//!  48 the data key + 16-byte tag, sealed under
//!     HMAC(Argon2id(password, salt), "jeopsu staff slot v1"); associated data =
//!     database id ‖ the slot's first 60 bytes
//! ```

use crate::error::{Result, StoreError};
use crate::paths;
use crate::vault::device::DeviceSecret;
use crate::vault::keyfile::{KdfParams, argon2id};
use crate::vault::secret::{DataKey, DbId, hmac_sha256, random_bytes};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::path::Path;
use zeroize::Zeroizing;

const MAGIC: &[u8; 8] = b"JEOPSUSL";
const VERSION: u8 = 1;
const HEAD_A: usize = 54;
const HEAD_B: usize = 130;
const MAX_BODY: usize = 1024 * 1024;
const SLOT_LEN: usize = 132;
const OUTER_LABEL: &[u8] = b"jeopsu slots outer v1";
const COPY_LABEL: &[u8] = b"jeopsu device secret copy v1";
const SLOT_LABEL: &[u8] = b"jeopsu staff slot v1";
const USER_LABEL: &[u8] = b"jeopsu slot user v1";

/// Whether the slots need this PC's device secret as well as a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotMode {
    /// Password and the device secret from the OS keyring (the default).
    Device,
    /// Password only: chosen by the clinic where there is no keyring; weaker (a copied data
    /// folder can be attacked with password guesses anywhere).
    PasswordOnly,
}

impl SlotMode {
    fn byte(self) -> u8 {
        match self {
            SlotMode::Device => 1,
            SlotMode::PasswordOnly => 2,
        }
    }
    /// The mode's word, as the admin's screen shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            SlotMode::Device => "device",
            SlotMode::PasswordOnly => "password-only",
        }
    }
}

/// A slot's name: the username under the body's tag key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserTag(pub [u8; 32]);

impl UserTag {
    /// The tag as 64 hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

/// The Argon2id cost of a staff slot. An attacker with the data folder and the device secret
/// (a shared OS login) can guess passwords offline, so this is as high as sign-in allows on a
/// clinic PC: 256 MiB, 3 passes (BENCHMARKS.md "Key slots"). In a debug build,
/// `JEOPSU_TEST_SLOT_KDF=low` lowers it for the tests (a release build cannot read it).
pub fn default_slot_kdf() -> KdfParams {
    #[cfg(debug_assertions)]
    if std::env::var("JEOPSU_TEST_SLOT_KDF").as_deref() == Ok("low") {
        return KdfParams::TEST_LOW;
    }
    KdfParams::SLOT
}

fn cipher(key: &[u8; 32]) -> Result<XChaCha20Poly1305> {
    XChaCha20Poly1305::new_from_slice(key)
        .map_err(|e| StoreError::Internal(format!("cipher key: {e}")))
}

fn seal(key: &[u8; 32], nonce: &[u8; 24], msg: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
    cipher(key)?
        .encrypt(XNonce::from_slice(nonce), Payload { msg, aad })
        .map_err(|e| StoreError::Internal(format!("seal: {e}")))
}

fn open(key: &[u8; 32], nonce: &[u8; 24], msg: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    cipher(key)
        .ok()?
        .decrypt(XNonce::from_slice(nonce), Payload { msg, aad })
        .ok()
        .map(Zeroizing::new)
}

fn nonce() -> Result<[u8; 24]> {
    let mut n = [0u8; 24];
    random_bytes(&mut n)?;
    Ok(n)
}

/// One staff slot.
#[derive(Debug, Clone)]
pub struct Slot {
    tag: UserTag,
    params: KdfParams,
    salt: [u8; 16],
    nonce: [u8; 24],
    sealed: [u8; 48],
}

impl Slot {
    fn head(&self) -> Vec<u8> {
        let mut h = Vec::with_capacity(60);
        h.extend_from_slice(&self.tag.0);
        h.extend_from_slice(&self.params.m_cost_kib.to_le_bytes());
        h.extend_from_slice(&self.params.t_cost.to_le_bytes());
        h.extend_from_slice(&self.params.p_cost.to_le_bytes());
        h.extend_from_slice(&self.salt);
        h
    }

    fn aad(&self, db_id: &DbId) -> Vec<u8> {
        let mut a = db_id.0.to_vec();
        a.extend_from_slice(&self.head());
        a
    }

    fn key_of(password: &[u8], params: KdfParams, salt: &[u8; 16]) -> Result<Zeroizing<[u8; 32]>> {
        let stretched = argon2id(password, params, salt)?;
        Ok(Zeroizing::new(hmac_sha256(&stretched, &[SLOT_LABEL])))
    }

    fn make(
        tag: UserTag,
        key: &DataKey,
        password: &[u8],
        params: KdfParams,
        db_id: &DbId,
    ) -> Result<Slot> {
        let mut salt = [0u8; 16];
        random_bytes(&mut salt)?;
        let mut slot = Slot {
            tag,
            params,
            salt,
            nonce: nonce()?,
            sealed: [0u8; 48],
        };
        let k = Slot::key_of(password, params, &salt)?;
        let ct = seal(&k, &slot.nonce, key.expose_secret_bytes(), &slot.aad(db_id))?;
        slot.sealed = ct
            .try_into()
            .map_err(|_| StoreError::Internal("slot ciphertext size".into()))?;
        Ok(slot)
    }

    /// The data key, if `password` is this slot's; `None` if it is not.
    pub fn unwrap(&self, db_id: &DbId, password: &[u8]) -> Result<Option<DataKey>> {
        let k = Slot::key_of(password, self.params, &self.salt)?;
        Ok(open(&k, &self.nonce, &self.sealed, &self.aad(db_id))
            .and_then(|p| DataKey::from_bytes(&p)))
    }

    /// The same Argon2id work as a real slot, for a name that has none: the time taken does not
    /// tell whether an account exists.
    pub fn decoy(password: &[u8], params: KdfParams) -> Result<()> {
        Slot::key_of(password, params, &[0u8; 16]).map(|_| ())
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.head());
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.sealed);
    }

    fn read(b: &[u8]) -> Option<Slot> {
        let u32_at = |o: usize| Some(u32::from_le_bytes(b.get(o..o + 4)?.try_into().ok()?));
        let params = KdfParams {
            m_cost_kib: u32_at(32)?,
            t_cost: u32_at(36)?,
            p_cost: u32_at(40)?,
        };
        // Checked before any Argon2 runs, like the key file's.
        if !params.within_bounds() {
            return None;
        }
        Some(Slot {
            tag: UserTag(b.get(0..32)?.try_into().ok()?),
            params,
            salt: b.get(44..60)?.try_into().ok()?,
            nonce: b.get(60..84)?.try_into().ok()?,
            sealed: b.get(84..132)?.try_into().ok()?,
        })
    }
}

/// The opened list of slots.
pub struct SlotBody {
    tag_key: Zeroizing<[u8; 32]>,
    slots: Vec<Slot>,
}

impl std::fmt::Debug for SlotBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SlotBody")
            .field("slots", &self.slots.len())
            .finish_non_exhaustive()
    }
}

impl SlotBody {
    /// A body with no slots and a new random tag key.
    pub fn empty() -> Result<SlotBody> {
        let mut k = Zeroizing::new([0u8; 32]);
        random_bytes(k.as_mut_slice())?;
        Ok(SlotBody {
            tag_key: k,
            slots: vec![],
        })
    }

    /// The tag of `username` as stored (lower case, trimmed: `core::staff::Username`).
    pub fn tag(&self, username: &str) -> UserTag {
        UserTag(hmac_sha256(
            &self.tag_key,
            &[USER_LABEL, username.as_bytes()],
        ))
    }

    /// The slot with `tag`, if any.
    pub fn find(&self, tag: &UserTag) -> Option<&Slot> {
        self.slots.iter().find(|s| &s.tag == tag)
    }

    /// How many slots it holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Adds or replaces the slot of `username`.
    pub fn put(
        &mut self,
        username: &str,
        key: &DataKey,
        password: &[u8],
        params: KdfParams,
        db_id: &DbId,
    ) -> Result<()> {
        let tag = self.tag(username);
        let slot = Slot::make(tag, key, password, params, db_id)?;
        self.slots.retain(|s| s.tag != tag);
        self.slots.push(slot);
        Ok(())
    }

    /// Removes the slot of `username`; `true` if there was one.
    pub fn remove(&mut self, username: &str) -> bool {
        let tag = self.tag(username);
        let before = self.slots.len();
        self.slots.retain(|s| s.tag != tag);
        before != self.slots.len()
    }

    fn to_bytes(&self) -> Result<Zeroizing<Vec<u8>>> {
        let count = u16::try_from(self.slots.len())
            .map_err(|_| StoreError::Internal("too many key slots".into()))?;
        let mut b = Zeroizing::new(Vec::with_capacity(34 + SLOT_LEN * self.slots.len()));
        b.extend_from_slice(self.tag_key.as_slice());
        b.extend_from_slice(&count.to_le_bytes());
        for s in &self.slots {
            s.write(&mut b);
        }
        Ok(b)
    }

    fn from_bytes(b: &[u8]) -> Option<SlotBody> {
        let tag_key: [u8; 32] = b.get(0..32)?.try_into().ok()?;
        let count = usize::from(u16::from_le_bytes(b.get(32..34)?.try_into().ok()?));
        if b.len() != 34 + count * SLOT_LEN {
            return None;
        }
        let slots = (0..count)
            .map(|i| Slot::read(&b[34 + i * SLOT_LEN..34 + (i + 1) * SLOT_LEN]))
            .collect::<Option<Vec<_>>>()?;
        Some(SlotBody {
            tag_key: Zeroizing::new(tag_key),
            slots,
        })
    }
}

/// The slot file as stored: its header readable, its body sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotFile {
    /// The database it belongs to.
    pub db_id: DbId,
    /// Whether slots need this PC's device secret.
    pub mode: SlotMode,
    /// Counts the rewrites of the file (each save adds one).
    pub generation: u32,
    nonce_a: [u8; 24],
    device_copy: [u8; 48],
    nonce_b: [u8; 24],
    body: Vec<u8>,
}

fn outer_key(
    mode: SlotMode,
    device: Option<&DeviceSecret>,
    db_id: &DbId,
) -> Result<Zeroizing<[u8; 32]>> {
    match (mode, device) {
        (SlotMode::Device, Some(d)) => Ok(d.derive(OUTER_LABEL, db_id)),
        (SlotMode::Device, None) => Err(StoreError::DeviceSecretMissing),
        (SlotMode::PasswordOnly, _) => Ok(Zeroizing::new(hmac_sha256(
            &[0u8; 32],
            &[OUTER_LABEL, &db_id.0],
        ))),
    }
}

impl SlotFile {
    /// Seals `body` for database `db_id`. Mode `Device` needs the device secret.
    pub fn seal(
        db_id: DbId,
        mode: SlotMode,
        generation: u32,
        key: &DataKey,
        device: Option<&DeviceSecret>,
        body: &SlotBody,
    ) -> Result<SlotFile> {
        let mut f = SlotFile {
            db_id,
            mode,
            generation,
            nonce_a: nonce()?,
            device_copy: [0u8; 48],
            nonce_b: nonce()?,
            body: vec![],
        };
        if mode == SlotMode::Device {
            let d = device.ok_or(StoreError::DeviceSecretMissing)?;
            let copy_key = key.derive(COPY_LABEL);
            let ct = seal(&copy_key, &f.nonce_a, d.expose_secret_bytes(), &f.head_a())?;
            f.device_copy = ct
                .try_into()
                .map_err(|_| StoreError::Internal("device copy size".into()))?;
        }
        let plain = body.to_bytes()?;
        if plain.len() + 16 > MAX_BODY {
            return Err(StoreError::Internal("too many key slots".into()));
        }
        let outer = outer_key(mode, device, &db_id)?;
        // The body's length is part of its associated data: sealed length = plain + 16.
        f.body = vec![0u8; plain.len() + 16];
        let aad = f.head_b();
        f.body = seal(&outer, &f.nonce_b, &plain, &aad)?;
        Ok(f)
    }

    fn head_a(&self) -> Vec<u8> {
        let mut h = Vec::with_capacity(HEAD_A);
        h.extend_from_slice(MAGIC);
        h.push(VERSION);
        h.push(self.mode.byte());
        h.extend_from_slice(&self.db_id.0);
        h.extend_from_slice(&self.generation.to_le_bytes());
        h.extend_from_slice(&self.nonce_a);
        h
    }

    fn head_b(&self) -> Vec<u8> {
        let mut h = self.head_a();
        h.extend_from_slice(&self.device_copy);
        h.extend_from_slice(&self.nonce_b);
        let n = u32::try_from(self.body.len()).unwrap_or(u32::MAX);
        h.extend_from_slice(&n.to_le_bytes());
        h
    }

    /// Opens the body with this PC's device secret (ignored in password-only mode). `None`:
    /// the secret is not this file's (another PC, or a file sealed before a replacement).
    pub fn open(&self, device: Option<&DeviceSecret>) -> Result<Option<SlotBody>> {
        let outer = outer_key(self.mode, device, &self.db_id)?;
        Ok(open(&outer, &self.nonce_b, &self.body, &self.head_b())
            .and_then(|p| SlotBody::from_bytes(&p)))
    }

    /// The device secret from its copy under the data key (after a recovery-phrase unlock).
    pub fn device_secret(&self, key: &DataKey) -> Option<DeviceSecret> {
        if self.mode != SlotMode::Device {
            return None;
        }
        let copy_key = key.derive(COPY_LABEL);
        let p = open(&copy_key, &self.nonce_a, &self.device_copy, &self.head_a())?;
        let arr: [u8; 32] = p.as_slice().try_into().ok()?;
        Some(DeviceSecret::from_array(&arr))
    }

    /// Opens the body through the data key alone (after a recovery-phrase unlock, or a restore):
    /// the device secret from its copy (mode 1), then the body with it. `None`: the file is not
    /// sealed under this key, or is damaged.
    pub fn open_with_data_key(&self, key: &DataKey) -> Option<(Option<DeviceSecret>, SlotBody)> {
        let device = match self.mode {
            SlotMode::Device => Some(self.device_secret(key)?),
            SlotMode::PasswordOnly => None,
        };
        let body = self.open(device.as_ref()).ok().flatten()?;
        Some((device, body))
    }

    /// The file's bytes, in its fixed layout.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = self.head_b();
        b.extend_from_slice(&self.body);
        b
    }

    /// Parses a slot file; `None` if it is not one.
    pub fn from_bytes(b: &[u8]) -> Option<SlotFile> {
        if b.len() < HEAD_B || &b[..8] != MAGIC || b[8] != VERSION {
            return None;
        }
        let mode = match b[9] {
            1 => SlotMode::Device,
            2 => SlotMode::PasswordOnly,
            _ => return None,
        };
        let n = usize::try_from(u32::from_le_bytes(b[126..130].try_into().ok()?)).ok()?;
        if n > MAX_BODY || b.len() != HEAD_B + n {
            return None;
        }
        Some(SlotFile {
            db_id: DbId(b[10..26].try_into().ok()?),
            mode,
            generation: u32::from_le_bytes(b[26..30].try_into().ok()?),
            nonce_a: b[30..54].try_into().ok()?,
            device_copy: b[54..102].try_into().ok()?,
            nonce_b: b[102..126].try_into().ok()?,
            body: b[HEAD_B..].to_vec(),
        })
    }

    /// The slot file at `path`, or `None` if there is none (an installation from before the
    /// key slots). A file that is there but not a slot file is an error, never "none".
    pub fn read(path: &Path) -> Result<Option<SlotFile>> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::io(path, e)),
        };
        if bytes.len() > HEAD_B + MAX_BODY {
            return Err(StoreError::SlotsDamaged);
        }
        SlotFile::from_bytes(&bytes)
            .map(Some)
            .ok_or(StoreError::SlotsDamaged)
    }

    /// Writes the file atomically (a crash leaves the old file or the new one, whole).
    pub fn write(&self, path: &Path) -> Result<()> {
        paths::write_atomic(path, &self.to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOW: KdfParams = KdfParams::TEST_LOW;

    fn fixture(mode: SlotMode) -> (DataKey, DbId, Option<DeviceSecret>, SlotFile) {
        let key = DataKey::generate().expect("key");
        let db = DbId([9; 16]);
        let dev = (mode == SlotMode::Device).then(|| DeviceSecret::generate().expect("device"));
        let mut body = SlotBody::empty().expect("body");
        body.put("desk.lee", &key, b"a long enough password", LOW, &db)
            .expect("put");
        let f = SlotFile::seal(db, mode, 1, &key, dev.as_ref(), &body).expect("seal");
        (key, db, dev, f)
    }

    #[test]
    fn the_password_and_the_device_secret_together_give_the_key() {
        let (key, db, dev, f) = fixture(SlotMode::Device);
        let f = SlotFile::from_bytes(&f.to_bytes()).expect("parse");
        let body = f.open(dev.as_ref()).expect("open").expect("this device");
        let slot = body.find(&body.tag("desk.lee")).expect("slot");
        let back = slot
            .unwrap(&db, b"a long enough password")
            .expect("argon2")
            .expect("right password");
        assert_eq!(back.expose_secret_bytes(), key.expose_secret_bytes());
        assert!(
            slot.unwrap(&db, b"another password here")
                .expect("argon2")
                .is_none()
        );
        assert!(body.find(&body.tag("someone.else")).is_none());
    }

    #[test]
    fn another_device_secret_opens_nothing_and_none_is_refused() {
        let (_, _, _, f) = fixture(SlotMode::Device);
        let other = DeviceSecret::generate().expect("other");
        assert!(f.open(Some(&other)).expect("runs").is_none());
        assert!(matches!(f.open(None), Err(StoreError::DeviceSecretMissing)));
    }

    #[test]
    fn the_data_key_recovers_the_device_secret() {
        let (key, _, dev, f) = fixture(SlotMode::Device);
        let back = f.device_secret(&key).expect("copy opens");
        assert_eq!(
            back.expose_secret_bytes(),
            dev.expect("device").expose_secret_bytes()
        );
        let other = DataKey::generate().expect("other");
        assert!(f.device_secret(&other).is_none());
    }

    #[test]
    fn password_only_slots_open_without_a_device_secret() {
        let (key, db, _, f) = fixture(SlotMode::PasswordOnly);
        let body = f.open(None).expect("open").expect("public outer key");
        let slot = body.find(&body.tag("desk.lee")).expect("slot");
        let back = slot
            .unwrap(&db, b"a long enough password")
            .expect("argon2")
            .expect("key");
        assert_eq!(back.expose_secret_bytes(), key.expose_secret_bytes());
        assert!(f.device_secret(&key).is_none());
    }

    #[test]
    fn any_flipped_byte_is_detected() {
        let (_, db, dev, f) = fixture(SlotMode::Device);
        let bytes = f.to_bytes();
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x01;
            let opened = SlotFile::from_bytes(&b)
                .and_then(|f| f.open(dev.as_ref()).ok().flatten())
                .and_then(|body| {
                    let slot = body.find(&body.tag("desk.lee"))?.clone();
                    slot.unwrap(&db, b"a long enough password").ok().flatten()
                });
            assert!(opened.is_none(), "flipping byte {i} went unnoticed");
        }
    }

    #[test]
    fn a_removed_slot_is_gone_and_others_stay() {
        let key = DataKey::generate().expect("key");
        let db = DbId([3; 16]);
        let mut body = SlotBody::empty().expect("body");
        body.put("a.one", &key, b"password one is long", LOW, &db)
            .expect("put");
        body.put("b.two", &key, b"password two is long", LOW, &db)
            .expect("put");
        assert!(body.remove("a.one"));
        assert!(!body.remove("a.one"));
        let f = SlotFile::seal(db, SlotMode::PasswordOnly, 2, &key, None, &body).expect("seal");
        let back = f.open(None).expect("open").expect("body");
        assert_eq!(back.len(), 1);
        assert!(back.find(&back.tag("a.one")).is_none());
        assert!(back.find(&back.tag("b.two")).is_some());
    }

    #[test]
    fn truncated_or_oversized_files_are_not_slot_files() {
        let (_, _, _, f) = fixture(SlotMode::Device);
        let b = f.to_bytes();
        assert!(SlotFile::from_bytes(&b[..b.len() - 1]).is_none());
        assert!(SlotFile::from_bytes(&b[..HEAD_B - 1]).is_none());
        let mut huge = b.clone();
        huge[126..130].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(SlotFile::from_bytes(&huge).is_none());
    }
}
