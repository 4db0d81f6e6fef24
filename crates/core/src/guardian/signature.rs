//! The signature drawn on the pad (kept as vector strokes, checked for enough ink) and how a
//! consent was signed.

use super::*;
use crate::field::FieldMessage;

/// A signature as drawn: strokes of `[x, y]` points in the pad's coordinates, `(0, 0)` top left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Signature {
    /// The pad's width, in its own units.
    pub width: f32,
    /// The pad's height.
    pub height: f32,
    /// Each stroke from pen down to pen up, as points.
    pub strokes: Vec<Vec<[f32; 2]>>,
}

impl Signature {
    /// A drawn signature that can be stored: inside its pad, bounded in size, and more than a tap.
    pub fn check(&self) -> Result<(), P> {
        let sane = |v: f32, max: f32| v.is_finite() && (0.0..=max).contains(&v);
        let size_ok = self.width.is_finite()
            && self.height.is_finite()
            && (50.0..=4000.0).contains(&self.width)
            && (20.0..=4000.0).contains(&self.height);
        let points: usize = self.strokes.iter().map(Vec::len).sum();
        if !size_ok
            || self.strokes.len() > MAX_STROKES
            || points > MAX_POINTS
            || !self
                .strokes
                .iter()
                .flatten()
                .all(|[x, y]| sane(*x, self.width) && sane(*y, self.height))
        {
            return Err(P::new("signature", FieldMessage::SignatureInvalid));
        }
        // Ink length, scaled to a pad 1000 units wide.
        let scale = 1000.0 / self.width;
        let ink: f32 = self
            .strokes
            .iter()
            .flat_map(|s| s.windows(2))
            .map(|w| ((w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1])) * scale)
            .sum();
        if ink < MIN_INK {
            return Err(P::new("signature", FieldMessage::SignatureEmpty));
        }
        Ok(())
    }
}

word_enum! {
    /// How the guardian signed.
    SignMethod {
        /// On the signature pad (the consultation-room laptop).
        Pad = "pad",
        /// On the printed form; staff confirm the signed paper was received and where it is filed.
        Paper = "paper",
    }
}

word_enum!(
    /// How the legal representative authorised the person who came with the child.
    Authorisation {
        /// A signed letter of authorisation (위임장), kept with the paper form.
        Letter = "letter",
        /// A phone call to the representative: who called whom (`note`) and when (`called_at`).
        Phone = "phone",
        /// Described in `note`.
        Other = "other",
    }
);
