//! The RRN sealed in its column (XChaCha20-Poly1305, bound to the patient row) and its keyed
//! MAC for finding duplicates.

use super::*;

/// The two keys for RRNs, derived from the data key: one seals, one finds duplicates.
pub(crate) struct RrnKeys {
    seal: zeroize::Zeroizing<[u8; 32]>,
    mac: zeroize::Zeroizing<[u8; 32]>,
    /// Whether sealed RRNs from before they were bound to their row may still be opened (until
    /// [`reseal_unbound`] has re-sealed them all).
    unbound_allowed: bool,
}

/// A sealed RRN bound to its row: `R2`, the nonce, and the ciphertext whose associated data is
/// the patient's id, so a sealed number copied into another row does not open there.
pub(super) const SEAL_BOUND: &[u8; 2] = b"R2";

pub(super) fn bound_to(id: i64) -> Vec<u8> {
    format!("jeopsu rrn v2|patient {id}").into_bytes()
}

impl RrnKeys {
    pub(crate) fn of(store: &Store) -> RrnKeys {
        let done = settings::get(store.conn(), settings::RRN_BOUND)
            .ok()
            .flatten()
            .is_some();
        RrnKeys {
            seal: store.data_key().derive(RRN_SEAL_LABEL),
            mac: store.data_key().derive(RRN_MAC_LABEL),
            unbound_allowed: !done,
        }
    }

    pub(super) fn mac(&self, rrn: &Rrn) -> Vec<u8> {
        crate::vault::hmac_sha256(&self.mac, &[rrn.expose().as_bytes()]).to_vec()
    }

    pub(super) fn cipher(&self) -> Result<XChaCha20Poly1305> {
        XChaCha20Poly1305::new_from_slice(self.seal.as_slice())
            .map_err(|_| StoreError::Internal("rrn key".into()))
    }

    /// Seals `rrn` for the patient row `id`.
    pub(super) fn seal(&self, rrn: &Rrn, id: i64) -> Result<Vec<u8>> {
        use chacha20poly1305::aead::Payload;
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| StoreError::Internal(format!("random: {e}")))?;
        let aad = bound_to(id);
        let sealed = self
            .cipher()?
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: rrn.expose().as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| StoreError::Internal("rrn seal".into()))?;
        let mut out = SEAL_BOUND.to_vec();
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens the sealed RRN of the patient row `id`. One sealed for another row does not open.
    pub(super) fn open(&self, sealed: &[u8], id: i64) -> Result<Rrn> {
        use chacha20poly1305::aead::Payload;
        let damaged = || StoreError::IntegrityFailed("a sealed RRN is damaged".into());
        let plain = match sealed.strip_prefix(SEAL_BOUND.as_slice()) {
            Some(rest) if rest.len() > 24 => {
                let (nonce, body) = rest.split_at(24);
                let aad = bound_to(id);
                self.cipher()?
                    .decrypt(
                        XNonce::from_slice(nonce),
                        Payload {
                            msg: body,
                            aad: &aad,
                        },
                    )
                    .ok()
            }
            _ => None,
        };
        let plain = match plain {
            Some(p) => p,
            // Sealed before rows were bound (until `reseal_unbound` ran): no associated data.
            None if self.unbound_allowed => self.open_unbound(sealed).ok_or_else(damaged)?,
            None => return Err(damaged()),
        };
        let plain = zeroize::Zeroizing::new(plain);
        let text = std::str::from_utf8(&plain).map_err(|_| damaged())?;
        Rrn::parse(text).map_err(|_| damaged())
    }

    pub(super) fn open_unbound(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < 24 {
            return None;
        }
        let (nonce, body) = sealed.split_at(24);
        self.cipher()
            .ok()?
            .decrypt(XNonce::from_slice(nonce), body)
            .ok()
    }
}

/// Re-seals every RRN sealed before rows were bound (migration 0014's data step, run at unlock;
/// a key is needed, so SQL alone cannot do it), in one transaction with its log row, then marks
/// the database so an unbound one never opens again. Returns how many were re-sealed.
pub(crate) fn reseal_unbound(store: &mut Store) -> Result<usize> {
    if settings::get(store.conn(), settings::RRN_BOUND)?.is_some() {
        return Ok(0);
    }
    let keys = RrnKeys::of(store);
    store.write(|tx| {
        let rows: Vec<(i64, Vec<u8>)> = {
            let mut stmt = tx.conn().prepare("SELECT id, rrn_sealed FROM patients")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut n = 0;
        for (id, sealed) in rows {
            let bound = sealed.starts_with(SEAL_BOUND) && keys.open(&sealed, id).is_ok();
            if bound {
                continue;
            }
            let rrn = keys.open(&sealed, id)?;
            tx.conn().execute(
                "UPDATE patients SET rrn_sealed = ?1 WHERE id = ?2",
                params![keys.seal(&rrn, id)?, id],
            )?;
            n += 1;
        }
        settings::put(tx.conn(), settings::RRN_BOUND, "1")?;
        if n > 0 {
            tx.log(
                Entry::new(
                    Action::SettingChanged,
                    &Actor::Cli {
                        os_user: "migration".into(),
                    },
                )
                .detail(serde_json::json!({ "rrn_bound_to_row": n })),
            )?;
        }
        Ok(n)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// A database from before RRNs were bound to their rows: its sealed numbers (no associated
    /// data) are re-sealed once at unlock, open afterwards, and an unbound one never opens again.
    #[test]
    fn unbound_rrns_are_resealed_once_at_unlock() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = std::sync::Arc::new(crate::vault::MemoryVault::new());
        let actor = Actor::Cli {
            os_user: "test".into(),
        };
        let dir = tmp.path().join("data");
        let outcome = crate::test_support::init_fast(&dir, vault, &actor).unwrap();
        let (mut store, phrase) = (outcome.store, outcome.phrase);
        let input = PatientInput {
            name: "김하나".into(),
            birth_date: "1980-01-01".into(),
            rrn: "800101-1234567".into(),
            gender: "M".into(),
            address: "서울특별시 강남구 1".into(),
            mobile: "010-1111-2222".into(),
            ..Default::default()
        };
        let id = register(&mut store, &actor, &input, Duplicates::Ask, &[])
            .unwrap()
            .id;
        // As today's code before this change wrote it: nonce and ciphertext, no associated data.
        let keys = RrnKeys::of(&store);
        let rrn = Rrn::parse("800101-1234567").unwrap();
        let nonce = [9u8; 24];
        let mut legacy = nonce.to_vec();
        legacy.extend(
            keys.cipher()
                .unwrap()
                .encrypt(XNonce::from_slice(&nonce), rrn.expose().as_bytes())
                .unwrap(),
        );
        store
            .conn()
            .execute(
                "UPDATE patients SET rrn_sealed = ?1 WHERE id = ?2",
                params![legacy, id],
            )
            .unwrap();
        store
            .conn()
            .execute("DELETE FROM settings WHERE key = ?1", [settings::RRN_BOUND])
            .unwrap();
        drop(store);

        let mut store =
            Store::unlock(&dir, crate::Unlock::Phrase(&phrase), &actor).expect("unlock re-seals");
        let sealed: Vec<u8> = store
            .conn()
            .query_row("SELECT rrn_sealed FROM patients WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(sealed.starts_with(SEAL_BOUND), "re-sealed, bound");
        assert_eq!(
            reveal_rrn(&mut store, &actor, id, "보험 청구 확인").unwrap(),
            "800101-1234567"
        );
        // Once bound, an unbound one (copied back from an old backup) no longer opens.
        store
            .conn()
            .execute(
                "UPDATE patients SET rrn_sealed = ?1 WHERE id = ?2",
                params![legacy, id],
            )
            .unwrap();
        assert!(reveal_rrn(&mut store, &actor, id, "보험 청구 확인").is_err());
    }
}
