//! The recovery phrase: 128 random bits a person can type back.
//!
//! Shape: 7 groups of 5 Crockford base32 characters, e.g. `7KQ2M-0D4XH-...`. Each group is 4
//! data characters and 1 check character computed from the group and its position, so a typo is
//! reported with the group it is in; 12 more bits check the whole phrase. 28 data characters
//! carry 140 bits = 128 random bits + the 12-bit checksum.
//!
//! Crockford base32 has no I, L, O or U; when reading, O is taken as 0 and I/L as 1, case and
//! spaces/hyphens are ignored. DO NOT CHANGE this encoding: printed recovery sheets depend on it.

use crate::error::{Result, StoreError};
use crate::vault::secret::random_bytes;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Groups in a recovery phrase (each of four data characters and a check character).
pub const PHRASE_GROUPS: usize = 7;
const DATA_PER_GROUP: usize = 4;
const DATA_SYMBOLS: usize = PHRASE_GROUPS * DATA_PER_GROUP; // 28 symbols = 140 bits
const GROUP_LEN: usize = DATA_PER_GROUP + 1;

/// 128 bits of entropy. Printed once at setup; never stored by Jeopsu.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct RecoveryPhrase(Box<[u8; 16]>);

impl std::fmt::Debug for RecoveryPhrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryPhrase(redacted)")
    }
}

fn symbol_value(c: u8) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|a| *a == c)
        .and_then(|p| u8::try_from(p).ok())
}

fn global_checksum(entropy: &[u8; 16]) -> u16 {
    let d = Sha256::new()
        .chain_update(b"jeopsu recovery phrase v1")
        .chain_update(entropy)
        .finalize();
    (u16::from(d[0]) << 4) | (u16::from(d[1]) >> 4)
}

fn group_check(group: usize, data: &[u8]) -> u8 {
    let d = Sha256::new()
        .chain_update(b"jeopsu phrase group v1")
        .chain_update([u8::try_from(group).unwrap_or(u8::MAX)])
        .chain_update(data)
        .finalize();
    d[0] & 0x1f
}

/// 140 bits -> 28 five-bit symbols, most significant first.
fn to_symbols(entropy: &[u8; 16], checksum: u16) -> Zeroizing<[u8; DATA_SYMBOLS]> {
    let mut bits = Zeroizing::new([0u8; 18]); // 144 bits of room
    bits[..16].copy_from_slice(entropy);
    bits[16] = (checksum >> 4) as u8;
    bits[17] = ((checksum & 0x0f) << 4) as u8;
    let mut out = Zeroizing::new([0u8; DATA_SYMBOLS]);
    for (i, sym) in out.iter_mut().enumerate() {
        let mut v = 0u8;
        for b in 0..5 {
            let bit = i * 5 + b;
            let on = (bits[bit / 8] >> (7 - bit % 8)) & 1;
            v = (v << 1) | on;
        }
        *sym = v;
    }
    out
}

fn from_symbols(symbols: &[u8; DATA_SYMBOLS]) -> (Zeroizing<[u8; 16]>, u16) {
    let mut bits = Zeroizing::new([0u8; 18]);
    for (i, sym) in symbols.iter().enumerate() {
        for b in 0..5 {
            if (sym >> (4 - b)) & 1 == 1 {
                let bit = i * 5 + b;
                bits[bit / 8] |= 1 << (7 - bit % 8);
            }
        }
    }
    let mut entropy = Zeroizing::new([0u8; 16]);
    entropy.copy_from_slice(&bits[..16]);
    let checksum = (u16::from(bits[16]) << 4) | (u16::from(bits[17]) >> 4);
    (entropy, checksum)
}

impl RecoveryPhrase {
    /// A new random phrase (128 bits).
    pub fn generate() -> Result<RecoveryPhrase> {
        let mut e = Box::new([0u8; 16]);
        random_bytes(e.as_mut_slice())?;
        Ok(RecoveryPhrase(e))
    }

    /// The secret input to the key derivation.
    pub(crate) fn expose_secret_entropy(&self) -> &[u8; 16] {
        &self.0
    }

    /// The groups as printed, e.g. `["7KQ2M", ...]` (7 of them).
    pub fn groups(&self) -> Vec<Zeroizing<String>> {
        let symbols = to_symbols(&self.0, global_checksum(&self.0));
        (0..PHRASE_GROUPS)
            .map(|g| {
                let data = &symbols[g * DATA_PER_GROUP..(g + 1) * DATA_PER_GROUP];
                let mut s = Zeroizing::new(String::with_capacity(GROUP_LEN));
                for v in data.iter().chain(std::iter::once(&group_check(g, data))) {
                    s.push(char::from(ALPHABET[usize::from(*v)]));
                }
                s
            })
            .collect()
    }

    /// Two different groups (1-based), chosen at random, for the person to type back after
    /// writing the phrase down: the backend chooses, so the screen cannot ask one group twice.
    pub fn confirm_groups() -> crate::error::Result<[usize; 2]> {
        let mut b = [0u8; 2];
        super::secret::random_bytes(&mut b)?;
        let a = usize::from(b[0]) % PHRASE_GROUPS;
        // The second from the other groups, so they always differ.
        let c = (a + 1 + usize::from(b[1]) % (PHRASE_GROUPS - 1)) % PHRASE_GROUPS;
        Ok([a + 1, c + 1])
    }

    /// Whether `typed` is group `group` (1-based) of this phrase, forgiving case, spaces and
    /// the look-alikes O/0 and I/L/1, as reading a whole phrase does.
    pub fn group_matches(&self, group: usize, typed: &str) -> bool {
        let groups = self.groups();
        let Some(expected) = group.checked_sub(1).and_then(|i| groups.get(i)) else {
            return false;
        };
        let norm: Vec<Option<u8>> = typed
            .bytes()
            .filter(|c| !matches!(c, b' ' | b'-' | b'\t'))
            .map(symbol_value)
            .collect();
        let want: Vec<Option<u8>> = expected.bytes().map(symbol_value).collect();
        norm == want
    }

    /// The whole phrase with hyphens between groups, for the recovery sheet and files.
    pub fn to_display(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::new());
        for (i, g) in self.groups().iter().enumerate() {
            if i > 0 {
                s.push('-');
            }
            s.push_str(g);
        }
        s
    }

    /// Reads a typed phrase. A typo is reported as [`StoreError::PhraseTypo`] with the group it
    /// is in, never as a wrong key.
    pub fn parse(text: &str) -> Result<RecoveryPhrase> {
        let typed: Zeroizing<Vec<u8>> = Zeroizing::new(
            text.bytes()
                .filter(|c| !matches!(c, b' ' | b'-' | b'\t' | b'\n' | b'\r'))
                .collect(),
        );
        if !text.is_ascii() {
            // Typically Hangul jamo from typing with the Korean input mode on.
            return Err(StoreError::PhraseTypo { group: 0 });
        }
        if typed.len() != PHRASE_GROUPS * GROUP_LEN {
            return Err(StoreError::PhraseTypo { group: 0 });
        }
        let mut symbols = Zeroizing::new([0u8; DATA_SYMBOLS]);
        for g in 0..PHRASE_GROUPS {
            let chunk = &typed[g * GROUP_LEN..(g + 1) * GROUP_LEN];
            let mut vals = [0u8; GROUP_LEN];
            for (v, c) in vals.iter_mut().zip(chunk) {
                *v = symbol_value(*c).ok_or(StoreError::PhraseTypo { group: g + 1 })?;
            }
            let data = &vals[..DATA_PER_GROUP];
            if group_check(g, data) != vals[DATA_PER_GROUP] {
                return Err(StoreError::PhraseTypo { group: g + 1 });
            }
            symbols[g * DATA_PER_GROUP..(g + 1) * DATA_PER_GROUP].copy_from_slice(data);
            vals.zeroize();
        }
        let (entropy, checksum) = from_symbols(&symbols);
        if global_checksum(&entropy) != checksum {
            return Err(StoreError::PhraseTypo { group: 0 });
        }
        Ok(RecoveryPhrase(Box::new(*entropy)))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_groups_to_type_back_always_differ() {
        for _ in 0..500 {
            let [a, b] = super::RecoveryPhrase::confirm_groups().expect("random");
            assert_ne!(a, b);
            assert!((1..=super::PHRASE_GROUPS).contains(&a));
            assert!((1..=super::PHRASE_GROUPS).contains(&b));
        }
    }

    use super::*;
    use proptest::prelude::*;

    fn typo_group(r: Result<RecoveryPhrase>) -> Option<usize> {
        match r {
            Err(StoreError::PhraseTypo { group }) => Some(group),
            _ => None,
        }
    }

    #[test]
    fn display_has_seven_groups_of_five() {
        let p = RecoveryPhrase::generate().expect("random");
        let s = p.to_display();
        let groups: Vec<&str> = s.split('-').collect();
        assert_eq!(groups.len(), 7, "{}", s.as_str());
        assert!(groups.iter().all(|g| g.len() == 5), "{}", s.as_str());
    }

    #[test]
    fn reading_forgives_case_spaces_and_lookalikes() {
        let p = RecoveryPhrase::generate().expect("random");
        let typed = p
            .to_display()
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        let back = RecoveryPhrase::parse(&typed).expect("same phrase");
        assert_eq!(back.expose_secret_entropy(), p.expose_secret_entropy());
    }

    #[test]
    fn group_confirmation_forgives_case_and_lookalikes() {
        let p = RecoveryPhrase::generate().expect("random");
        let g3 = p.groups()[2].to_string();
        assert!(p.group_matches(3, &g3.to_lowercase().replace('0', "o")));
        assert!(
            !p.group_matches(2, &g3) || p.groups()[1].as_str() == g3,
            "another group's text"
        );
        assert!(!p.group_matches(8, &g3), "no group 8");
        assert!(!p.group_matches(3, &g3[..4]), "too short");
    }

    #[test]
    fn wrong_length_is_a_typo_not_a_wrong_key() {
        let p = RecoveryPhrase::generate().expect("random");
        let s = p.to_display();
        assert_eq!(
            typo_group(RecoveryPhrase::parse(&s[..s.len() - 1])),
            Some(0)
        );
    }

    #[test]
    fn korean_input_mode_is_a_typo() {
        assert_eq!(typo_group(RecoveryPhrase::parse("ㄱㄴㄷ")), Some(0));
    }

    proptest! {
        #[test]
        fn any_phrase_round_trips(entropy in any::<[u8; 16]>()) {
            let p = RecoveryPhrase(Box::new(entropy));
            let back = RecoveryPhrase::parse(&p.to_display()).expect("round trip");
            prop_assert_eq!(back.expose_secret_entropy(), &entropy);
        }

        /// Changing one character is reported as a typo: in its group, or by the whole-phrase
        /// checksum when the group check happens to match (1 in 32). Only if both checks match
        /// by chance (1 in 131,072) does it read as another phrase, which then fails to unwrap
        /// the key ("wrong phrase"); it never reads back as the original.
        #[test]
        fn a_single_changed_character_is_caught(entropy in any::<[u8; 16]>(), pos in 0usize..35, delta in 1u8..32) {
            let p = RecoveryPhrase(Box::new(entropy));
            let mut chars: Vec<u8> = p.to_display().bytes().filter(|c| *c != b'-').collect();
            let v = symbol_value(chars[pos]).expect("valid symbol");
            chars[pos] = ALPHABET[usize::from((v + delta) % 32)];
            let typed = String::from_utf8(chars).expect("ascii");
            match RecoveryPhrase::parse(&typed) {
                Err(StoreError::PhraseTypo { group }) => {
                    prop_assert!(group == pos / 5 + 1 || group == 0, "typo reported in group {}", group);
                }
                Ok(other) => prop_assert_ne!(other.expose_secret_entropy(), &entropy),
                Err(e) => prop_assert!(false, "unexpected error {:?}", e),
            }
        }
    }
}
