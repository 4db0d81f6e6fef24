//! Paper originals (docs/LAW.md "Retention"): a legal representative's consent signed on paper
//! is filed in a cabinet, and is destroyed with its record. Before the destruction run removes
//! the record, the privacy officer shreds the paper and records when, how and by whom.

use crate::field::FieldMessage;
use crate::field::{FieldProblem as P, choose, text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

word_enum!(
    /// How paper was destroyed (PIPA Decree Art. 16(1)2: shredded or burnt so it cannot be read).
    ShredMethod {
        /// A cross-cut shredder at the clinic.
        Shredder = "shredder",
        /// Burnt.
        Incineration = "incineration",
        /// A shredding company, with its certificate.
        Contractor = "contractor",
    }
);

/// The shredding as the privacy officer records it, for the originals picked from the due list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShreddingInput {
    /// The paper originals shredded (their record ids, from the due list).
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub record_ids: Vec<i64>,
    /// `YYYY-MM-DD`, not after today.
    pub shredded_on: String,
    /// A [`ShredMethod`] word.
    pub method: String,
    /// Who shredded it (a person, or the company and its certificate number).
    pub shredded_by: String,
}

/// A checked shredding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shredding {
    /// The records whose originals were shredded.
    pub record_ids: Vec<i64>,
    /// The day they were shredded.
    pub shredded_on: NaiveDate,
    /// How.
    pub method: ShredMethod,
    /// Who shredded them.
    pub shredded_by: String,
}

impl ShreddingInput {
    /// Checks the input on Seoul's `today`. Reports every problem.
    pub fn validate(&self, today: NaiveDate) -> Result<Shredding, Vec<P>> {
        let mut bad = vec![];
        if self.record_ids.is_empty() {
            bad.push(P::new("record_ids", FieldMessage::ChooseSome));
        }
        let shredded_on = match crate::field::date("shredded_on", &self.shredded_on) {
            Ok(d) if d > today => {
                bad.push(P::new("shredded_on", FieldMessage::DateFuture));
                None
            }
            Ok(d) => Some(d),
            Err(p) => {
                bad.push(p);
                None
            }
        };
        let method = choose("method", ShredMethod::parse(self.method.trim()), &mut bad);
        let shredded_by = text("shredded_by", &self.shredded_by, 100, true)
            .map_err(|p| bad.push(p))
            .ok()
            .flatten();
        match (shredded_on, method, shredded_by) {
            (Some(shredded_on), Some(method), Some(shredded_by)) if bad.is_empty() => {
                let mut record_ids = self.record_ids.clone();
                record_ids.sort_unstable();
                record_ids.dedup();
                Ok(Shredding {
                    record_ids,
                    shredded_on,
                    method,
                    shredded_by,
                })
            }
            _ => Err(bad),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn input(on: &str) -> ShreddingInput {
        ShreddingInput {
            record_ids: vec![3, 1, 3],
            shredded_on: on.into(),
            method: "shredder".into(),
            shredded_by: "김민지".into(),
        }
    }

    #[test]
    fn a_shredding_is_dated_today_or_before_and_names_how_and_who() {
        let s = input("2026-11-25").validate(d("2026-11-25")).unwrap();
        assert_eq!(s.record_ids, vec![1, 3]);
        assert_eq!(s.method, ShredMethod::Shredder);
        let bad = input("2026-11-26").validate(d("2026-11-25")).unwrap_err();
        assert_eq!(bad[0].message_id(), "field-date-future");
        let empty = ShreddingInput::default()
            .validate(d("2026-11-25"))
            .unwrap_err();
        let fields: Vec<_> = empty.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            ["record_ids", "shredded_on", "method", "shredded_by"]
        );
    }
}
