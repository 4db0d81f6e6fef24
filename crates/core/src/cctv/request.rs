//! A request to view, confirm or delete footage: what the desk types and how it is checked.

use super::*;
use crate::field::FieldMessage;

word_enum!(
    /// How the requester's identity was checked.
    IdCheck {
        /// A national identity card (주민등록증).
        IdCard = "id-card",
        /// A driver's licence.
        DriverLicence = "driver-licence",
        /// A passport.
        Passport = "passport",
        /// Described in the note.
        Other = "other",
    }
);

/// A request as typed at intake; every field text so each problem comes back by field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestInput {
    /// A [`RequestKind`] word.
    pub kind: String,
    /// The requester's name.
    pub requester_name: String,
    /// `YYYY-MM-DD`.
    pub requester_birth: String,
    /// The requester's address.
    pub requester_address: String,
    /// The requester's phone number.
    pub requester_phone: String,
    /// A [`Relation`] word: the requester's relation to the person filmed.
    pub relation: String,
    /// Required for `legal-representative` (whose) and `other` (why it is necessary).
    pub relation_reason: String,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub footage_from: String,
    /// `YYYY-MM-DD HH:MM`, Seoul time; after `footage_from`.
    pub footage_to: String,
    /// Names from the camera inventory.
    pub locations: Vec<String>,
    /// What the footage is needed for.
    pub purpose: String,
    /// An [`IdCheck`] word.
    pub id_check: String,
    /// Required for `other`: how identity was checked.
    pub id_check_note: String,
    /// `YYYY-MM-DD HH:MM`, Seoul time; empty = now.
    pub received_at: String,
    /// The person filmed, when someone else asks for them (a legal representative, a delegate).
    #[serde(default)]
    pub filmed_name: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub filmed_birth: String,
    /// A delegate's power of attorney was received and checked.
    #[serde(default)]
    pub power_of_attorney: bool,
}

/// A checked request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Request {
    /// What is asked.
    pub kind: RequestKind,
    /// The requester's name.
    pub requester_name: String,
    /// `YYYY-MM-DD`.
    pub requester_birth: String,
    /// The requester's address.
    pub requester_address: String,
    /// The requester's phone number, normalised.
    pub requester_phone: String,
    /// The requester's relation to the person filmed.
    pub relation: Relation,
    /// Whose representative, or why it is necessary (see [`RequestInput::relation_reason`]).
    pub relation_reason: Option<String>,
    /// The start of the footage asked for.
    pub footage_from: Minute,
    /// Its end.
    pub footage_to: Minute,
    /// Places from the camera inventory.
    pub locations: Vec<String>,
    /// What the footage is needed for.
    pub purpose: String,
    /// How identity was checked.
    pub id_check: IdCheck,
    /// How, for `other`.
    pub id_check_note: Option<String>,
    /// When the request was received.
    pub received_at: Minute,
    /// The person filmed, when a representative or a delegate asks for them.
    #[serde(default)]
    pub filmed: Option<FilmedPerson>,
    /// A delegate's power of attorney was checked (`true` only for a delegate).
    #[serde(default)]
    pub power_of_attorney: bool,
}

/// The person in the footage, when someone else asks for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilmedPerson {
    /// The person's name.
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth: String,
}

pub(super) fn keep<T>(r: Result<T, P>, bad: &mut Vec<P>) -> Option<T> {
    r.map_err(|p| bad.push(p)).ok()
}

pub(super) fn renamed<T>(field: &'static str, r: Result<T, P>) -> Result<T, P> {
    r.map_err(|mut p| {
        p.field = field;
        p
    })
}

impl RequestInput {
    /// Checks the request against the inventory's `locations`; `now` is Seoul wall-clock time.
    pub fn validate(&self, locations: &[Location], now: NaiveDateTime) -> Result<Request, Vec<P>> {
        let mut bad = vec![];
        let kind = choose("kind", RequestKind::parse(&self.kind), &mut bad);
        let name = keep(
            renamed("requester_name", parse_name(&self.requester_name)),
            &mut bad,
        );
        let birth = keep(
            renamed(
                "requester_birth",
                parse_birth_date(&self.requester_birth, now.date()),
            ),
            &mut bad,
        );
        let address = keep(
            text("requester_address", &self.requester_address, 200, true),
            &mut bad,
        );
        let phone = match parse_phone("requester_phone", &self.requester_phone, false) {
            Ok(Some(p)) => Some(p),
            Ok(None) => {
                bad.push(P::new("requester_phone", FieldMessage::Required));
                None
            }
            Err(p) => {
                bad.push(p);
                None
            }
        };
        let relation = choose("relation", Relation::parse(&self.relation), &mut bad);
        let needs_reason = matches!(
            relation,
            Some(Relation::LegalRepresentative | Relation::Other)
        );
        let relation_reason = keep(
            text("relation_reason", &self.relation_reason, LONG, needs_reason),
            &mut bad,
        )
        .flatten();
        // A representative or a delegate asks for someone else: who that is, and for a delegate
        // the power of attorney (PIPA Decree Art. 45-46).
        let for_other = matches!(
            relation,
            Some(Relation::LegalRepresentative | Relation::Delegate)
        );
        let filmed = if for_other {
            let name = keep(
                renamed("filmed_name", parse_name(&self.filmed_name)),
                &mut bad,
            );
            let birth = keep(
                renamed(
                    "filmed_birth",
                    parse_birth_date(&self.filmed_birth, now.date()),
                ),
                &mut bad,
            );
            match (name, birth) {
                (Some(name), Some(birth)) => Some(FilmedPerson {
                    name,
                    birth: birth.to_string(),
                }),
                _ => None,
            }
        } else {
            None
        };
        let power_of_attorney = relation == Some(Relation::Delegate);
        if power_of_attorney && !self.power_of_attorney {
            bad.push(P::new("power_of_attorney", FieldMessage::PowerOfAttorney));
        }
        let received = crate::field::received_at(&self.received_at, now, &mut bad);
        let from = keep(minute("footage_from", &self.footage_from), &mut bad);
        let to = keep(minute("footage_to", &self.footage_to), &mut bad);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                bad.push(P::new("footage_to", FieldMessage::RangeOrder));
            } else if t > received.unwrap_or(now) {
                bad.push(P::new("footage_to", FieldMessage::DateFuture));
            }
        }
        let mut chosen: Vec<String> = vec![];
        for l in &self.locations {
            let l = crate::patient::clean_text(l);
            if !locations.iter().any(|k| k.name == l) {
                bad.push(
                    P::new("locations", FieldMessage::LocationUnknown).arg("location", l.clone()),
                );
            } else if !chosen.contains(&l) {
                chosen.push(l);
            }
        }
        if self.locations.is_empty() {
            bad.push(P::new("locations", FieldMessage::Required));
        }
        let purpose = keep(text("purpose", &self.purpose, LONG, true), &mut bad).flatten();
        let id_check = choose("id_check", IdCheck::parse(&self.id_check), &mut bad);
        let id_check_note = keep(
            text(
                "id_check_note",
                &self.id_check_note,
                SHORT,
                id_check == Some(IdCheck::Other),
            ),
            &mut bad,
        )
        .flatten();
        match (
            kind, name, birth, address, phone, relation, from, to, purpose, id_check, received,
        ) {
            (
                Some(kind),
                Some(requester_name),
                Some(birth),
                Some(Some(requester_address)),
                Some(phone),
                Some(relation),
                Some(from),
                Some(to),
                Some(purpose),
                Some(id_check),
                Some(received),
            ) if bad.is_empty() => Ok(Request {
                kind,
                requester_name,
                requester_birth: birth.to_string(),
                requester_address,
                requester_phone: phone.as_str().to_string(),
                relation,
                relation_reason,
                footage_from: Minute(from),
                footage_to: Minute(to),
                locations: chosen,
                purpose,
                id_check,
                id_check_note,
                received_at: Minute(received),
                filmed,
                power_of_attorney,
            }),
            _ => Err(bad),
        }
    }
}

pub use crate::time::{answer_due, days_left, end_of};
