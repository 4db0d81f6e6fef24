//! CCTV: the camera inventory, requests to view, confirm the existence of, or delete personal
//! video information, and the management ledger (개인영상정보 관리대장). docs/LAW.md "CCTV", which
//! cites the clinic's video-information policy.
//!
//! Times typed at the desk (footage ranges, receipt, appointments, viewings) are Seoul wall-clock
//! minutes, `YYYY-MM-DD HH:MM`, because that is what the recorder and the staff read. The rules
//! here take "now" as a Seoul wall-clock time from the caller.
//!
//! A request's history is a list of [`Event`]s, never edited; [`Progress::fold`] reads where the
//! request stands and [`Progress::check`] refuses a step that does not follow.

use crate::field::{FieldProblem as P, choose, minute, minute_text, text};
use crate::patient::{parse_birth_date, parse_name, parse_phone};
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The retention count a setup may hold (in its unit).
pub const RETENTION_RANGE: std::ops::RangeInclusive<u32> = 1..=365;

word_enum!(
    /// The unit of the footage retention.
    RetentionUnit {
        /// Calendar months: the same day the next month, clamped to the month's end.
        Months = "months",
        Days = "days",
    }
);

/// How long the recorder keeps footage (docs/LAW.md "CCTV"). The policy says "1 month from the
/// shooting date": a calendar month, not 30 days (in February 30 days would say footage exists
/// two days after it was deleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Retention {
    pub count: u32,
    pub unit: RetentionUnit,
}

impl Retention {
    /// What the clinic's policy states.
    pub const POLICY: Retention = Retention {
        count: 1,
        unit: RetentionUnit::Months,
    };

    /// When footage shot at `shot` is deleted by the recorder. Past the calendar's end it is
    /// never (a count is at most [`RETENTION_RANGE`], so this does not happen in practice).
    pub fn expiry(self, shot: NaiveDateTime) -> NaiveDateTime {
        let later = match self.unit {
            RetentionUnit::Days => shot.checked_add_signed(Duration::days(i64::from(self.count))),
            RetentionUnit::Months => shot.checked_add_months(chrono::Months::new(self.count)),
        };
        later.unwrap_or(NaiveDateTime::MAX)
    }
}
/// Requests and ledger rows are kept this many years (configurable).
pub const DEFAULT_RECORD_YEARS: u32 = 3;
pub const RECORD_YEARS_RANGE: std::ops::RangeInclusive<u32> = 1..=10;
/// A viewing appointment takes this long; two closer than this conflict.
pub const APPOINTMENT_MINUTES: i64 = 30;
const SHORT: usize = 80;
const LONG: usize = 500;

/// One place with cameras.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Location {
    pub name: String,
    pub cameras: u32,
    /// What the cameras there film.
    pub range: String,
}

/// A person named in the CCTV policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    pub name: String,
    pub position: String,
    pub contact: String,
}

/// How the clinic runs its cameras.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CctvSetup {
    pub locations: Vec<Location>,
    /// How long footage is kept.
    pub retention: Retention,
    /// 개인영상정보 관리책임자 (the CCTV officer).
    pub officer: Person,
    /// Persons with access authority.
    pub access: Vec<Person>,
    /// Where footage is shown to a requester.
    pub viewing_place: String,
    /// How long requests and ledger rows are kept.
    pub record_years: u32,
}

impl CctvSetup {
    /// What the clinic's published policy states (editable).
    pub fn policy_defaults() -> CctvSetup {
        let range = "각 층 원장실, 출입구, 복도, 창고, 고객 대기실, 탈의실, 안내데스크, 직원실, 각 진료실 및 상담실 등 주요 시설";
        let loc = |name: &str, cameras| Location {
            name: name.into(),
            cameras,
            range: range.into(),
        };
        CctvSetup {
            locations: vec![
                loc("별관", 20),
                loc("5층", 23),
                loc("4층", 13),
                loc("3층", 15),
                loc("2층", 16),
            ],
            retention: Retention::POLICY,
            officer: Person {
                name: "하은환".into(),
                position: "개인영상정보 관리책임자".into(),
                contact: "1544-2994".into(),
            },
            access: vec![Person {
                name: "김현식".into(),
                position: "원장".into(),
                contact: "1544-2994".into(),
            }],
            viewing_place: "총무과".into(),
            record_years: DEFAULT_RECORD_YEARS,
        }
    }

    /// Cleans every field; reports each problem with its field (a location's or a person's
    /// problem names the list it is in).
    pub fn normalised(&self) -> Result<CctvSetup, Vec<P>> {
        let mut bad = vec![];
        let mut t = |field: &'static str, v: &str, max: usize, required: bool| -> String {
            text(field, v, max, required)
                .map_err(|p| bad.push(p))
                .ok()
                .flatten()
                .unwrap_or_default()
        };
        let locations: Vec<Location> = self
            .locations
            .iter()
            .map(|l| Location {
                name: t("locations", &l.name, SHORT, true),
                cameras: l.cameras,
                range: t("locations", &l.range, LONG, false),
            })
            .collect();
        let person = |t: &mut dyn FnMut(&'static str, &str, usize, bool) -> String,
                      field: &'static str,
                      p: &Person| Person {
            name: t(field, &p.name, SHORT, true),
            position: t(field, &p.position, SHORT, false),
            contact: t(field, &p.contact, SHORT, true),
        };
        let officer = person(&mut t, "officer", &self.officer);
        let access: Vec<Person> = self
            .access
            .iter()
            .map(|p| person(&mut t, "access", p))
            .collect();
        let viewing_place = t("viewing_place", &self.viewing_place, SHORT, true);
        if locations.is_empty() {
            bad.push(P::new("locations", "field-required"));
        }
        let mut names: Vec<&str> = locations.iter().map(|l| l.name.as_str()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            bad.push(P::new("locations", "field-location-repeated"));
        }
        if locations.iter().any(|l| l.cameras == 0 || l.cameras > 999) {
            bad.push(
                P::new("locations", "field-number-range")
                    .arg("min", 1u32)
                    .arg("max", 999u32),
            );
        }
        if access.is_empty() {
            bad.push(P::new("access", "field-required"));
        }
        if !RETENTION_RANGE.contains(&self.retention.count) {
            bad.push(
                P::new("retention", "field-number-range")
                    .arg("min", *RETENTION_RANGE.start())
                    .arg("max", *RETENTION_RANGE.end()),
            );
        }
        if !RECORD_YEARS_RANGE.contains(&self.record_years) {
            bad.push(
                P::new("record_years", "field-number-range")
                    .arg("min", *RECORD_YEARS_RANGE.start())
                    .arg("max", *RECORD_YEARS_RANGE.end()),
            );
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(CctvSetup {
            locations,
            retention: self.retention,
            officer,
            access,
            viewing_place,
            record_years: self.record_years,
        })
    }

    pub fn total_cameras(&self) -> u32 {
        self.locations.iter().map(|l| l.cameras).sum()
    }

    /// Places whose name or range says the cameras may see where the law forbids or needs
    /// consent (docs/LAW.md "CCTV"): changing rooms and restrooms (PIPA Art. 25(2)), consulting
    /// and treatment rooms (consent of the people filmed). A warning, not a refusal: the officer
    /// knows whether a camera sees inside or only the door.
    pub fn warnings(&self) -> Vec<CameraWarning> {
        let mut out = vec![];
        for l in &self.locations {
            let text = format!("{} {}", l.name, l.range).to_lowercase();
            for concern in PlaceConcern::ALL {
                if concern.words().iter().any(|w| text.contains(w)) {
                    out.push(CameraWarning {
                        location: l.name.clone(),
                        concern: *concern,
                    });
                }
            }
        }
        out
    }
}

word_enum!(
    /// A kind of place cameras must not see, or may see only with consent.
    PlaceConcern {
        /// PIPA Art. 25(2): never.
        ChangingRoom = "changing-room",
        /// PIPA Art. 25(2): never.
        Restroom = "restroom",
        /// Patients in care: only with the consent of those filmed.
        ConsultingRoom = "consulting-room",
    }
);

impl PlaceConcern {
    /// The words (lower case, Korean and English) that name such a place.
    fn words(self) -> &'static [&'static str] {
        match self {
            PlaceConcern::ChangingRoom => &[
                "탈의실",
                "갈아입",
                "changing",
                "fitting room",
                "locker room",
            ],
            PlaceConcern::Restroom => &[
                "화장실",
                "샤워실",
                "목욕",
                "사우나",
                "restroom",
                "toilet",
                "bathroom",
                "shower",
                "washroom",
                "sauna",
            ],
            PlaceConcern::ConsultingRoom => &[
                "진료실",
                "상담실",
                "처치실",
                "시술실",
                "consulting",
                "consultation",
                "treatment room",
                "examination room",
                "exam room",
            ],
        }
    }
}

/// One place the camera setup should look at again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CameraWarning {
    pub location: String,
    pub concern: PlaceConcern,
}

word_enum!(
    /// What the requester asks for.
    RequestKind {
        View = "view",
        /// Confirm that footage of them exists.
        Confirm = "confirm",
        Delete = "delete",
    }
);

word_enum!(
    /// The requester's relation to the person filmed.
    Relation {
        /// The person filmed.
        Subject = "subject",
        LegalRepresentative = "legal-representative",
        /// Someone the person filmed authorised, with a power of attorney (위임장) checked.
        Delegate = "delegate",
        /// Someone who clearly needs it to protect life, body or property (reason required).
        Other = "other",
    }
);

word_enum!(
    /// How the requester's identity was checked.
    IdCheck {
        IdCard = "id-card",
        DriverLicence = "driver-licence",
        Passport = "passport",
        /// Described in the note.
        Other = "other",
    }
);

/// A request as typed at intake; every field text so each problem comes back by field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestInput {
    pub kind: String,
    pub requester_name: String,
    /// `YYYY-MM-DD`.
    pub requester_birth: String,
    pub requester_address: String,
    pub requester_phone: String,
    pub relation: String,
    /// Required for `legal-representative` (whose) and `other` (why it is necessary).
    pub relation_reason: String,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub footage_from: String,
    pub footage_to: String,
    /// Names from the camera inventory.
    pub locations: Vec<String>,
    pub purpose: String,
    pub id_check: String,
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
    pub kind: RequestKind,
    pub requester_name: String,
    pub requester_birth: String,
    pub requester_address: String,
    pub requester_phone: String,
    pub relation: Relation,
    pub relation_reason: Option<String>,
    pub footage_from: String,
    pub footage_to: String,
    pub locations: Vec<String>,
    pub purpose: String,
    pub id_check: IdCheck,
    pub id_check_note: Option<String>,
    pub received_at: String,
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
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth: String,
}

fn keep<T>(r: Result<T, P>, bad: &mut Vec<P>) -> Option<T> {
    r.map_err(|p| bad.push(p)).ok()
}

fn renamed<T>(field: &'static str, r: Result<T, P>) -> Result<T, P> {
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
                bad.push(P::new("requester_phone", "field-required"));
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
            bad.push(P::new("power_of_attorney", "field-power-of-attorney"));
        }
        let received = crate::field::received_at(&self.received_at, now, &mut bad);
        let from = keep(minute("footage_from", &self.footage_from), &mut bad);
        let to = keep(minute("footage_to", &self.footage_to), &mut bad);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                bad.push(P::new("footage_to", "field-range-order"));
            } else if t > received.unwrap_or(now) {
                bad.push(P::new("footage_to", "field-date-future"));
            }
        }
        let mut chosen: Vec<String> = vec![];
        for l in &self.locations {
            let l = crate::patient::clean_text(l);
            if !locations.iter().any(|k| k.name == l) {
                bad.push(P::new("locations", "field-location-unknown").arg("location", l.clone()));
            } else if !chosen.contains(&l) {
                chosen.push(l);
            }
        }
        if self.locations.is_empty() {
            bad.push(P::new("locations", "field-required"));
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
                footage_from: minute_text(from),
                footage_to: minute_text(to),
                locations: chosen,
                purpose,
                id_check,
                id_check_note,
                received_at: minute_text(received),
                filmed,
                power_of_attorney,
            }),
            _ => Err(bad),
        }
    }
}

pub use crate::time::{answer_due, days_left, end_of};

/// What will be left of the requested footage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FootageOutlook {
    /// When the earliest requested minute is deleted (`YYYY-MM-DD HH:MM`).
    pub first_expiry: String,
    /// When the last requested minute is deleted.
    pub last_expiry: String,
    /// All of it is already gone: "the footage no longer exists" is the answer.
    pub gone: bool,
    /// Part of it is already gone.
    pub partly_gone: bool,
    /// Some of it is deleted before the request can be answered or viewed: preserve it now.
    pub urgent: bool,
}

/// The outlook for footage `from..=to` kept for `retention`, at `now`, when it must still exist
/// until `needed_until` (the end of the answer's due date, or a later appointment).
pub fn outlook(
    from: NaiveDateTime,
    to: NaiveDateTime,
    retention: Retention,
    now: NaiveDateTime,
    needed_until: NaiveDateTime,
) -> FootageOutlook {
    let first = retention.expiry(from);
    let last = retention.expiry(to);
    let gone = last <= now;
    FootageOutlook {
        first_expiry: minute_text(first),
        last_expiry: minute_text(last),
        gone,
        partly_gone: !gone && first <= now,
        urgent: !gone && first < needed_until,
    }
}

word_enum!(
    /// The officer's decision.
    Decision {
        Approve = "approve",
        /// Approved, other people in the footage masked.
        ApproveMasked = "approve-masked",
        Refuse = "refuse",
    }
);

word_enum!(
    /// Why a request is refused (the legal list).
    RefusalGround {
        /// The footage was destroyed when its retention ended.
        FootageDestroyed = "footage-destroyed",
        /// Other people's rights cannot be protected (masking not possible).
        OthersRights = "others-rights",
        /// Not the person filmed, and no necessity to protect life, body or property.
        NotSubject = "not-subject",
        /// Described in the text.
        Other = "other",
    }
);

/// The decision as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionInput {
    pub decision: String,
    pub ground: String,
    /// For ground `other`; otherwise an optional remark.
    pub ground_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionRecord {
    pub decision: Decision,
    pub ground: Option<RefusalGround>,
    pub ground_text: Option<String>,
}

impl DecisionInput {
    pub fn validate(&self) -> Result<DecisionRecord, Vec<P>> {
        let mut bad = vec![];
        let decision = choose("decision", Decision::parse(&self.decision), &mut bad);
        let ground = if decision == Some(Decision::Refuse) {
            choose("ground", RefusalGround::parse(&self.ground), &mut bad)
        } else {
            None
        };
        let ground_text = keep(
            text(
                "ground_text",
                &self.ground_text,
                LONG,
                ground == Some(RefusalGround::Other),
            ),
            &mut bad,
        )
        .flatten();
        match decision {
            Some(decision) if bad.is_empty() => Ok(DecisionRecord {
                decision,
                ground,
                ground_text,
            }),
            _ => Err(bad),
        }
    }
}

/// A viewing as it happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewingInput {
    /// Who viewed.
    pub viewer: String,
    pub staff_present: String,
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// What was shown (cameras, time range).
    pub shown: String,
    pub masked: bool,
    pub copy_given: bool,
    /// Form or medium of the copy (USB, disc...).
    pub copy_form: String,
    pub copy_reason: String,
    /// How long the recipient may keep the copy.
    pub copy_period: String,
    pub approved_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewingRecord {
    pub viewer: String,
    pub staff_present: String,
    pub at: String,
    pub shown: String,
    pub masked: bool,
    pub copy_given: bool,
    pub copy_form: Option<String>,
    pub copy_reason: Option<String>,
    pub copy_period: Option<String>,
    pub approved_by: String,
}

fn past_minute(
    field: &'static str,
    v: &str,
    now: NaiveDateTime,
    bad: &mut Vec<P>,
) -> Option<String> {
    match minute(field, v) {
        Ok(t) if t > now => {
            bad.push(P::new(field, "field-date-future"));
            None
        }
        Ok(t) => Some(minute_text(t)),
        Err(p) => {
            bad.push(p);
            None
        }
    }
}

impl ViewingInput {
    pub fn validate(&self, now: NaiveDateTime) -> Result<ViewingRecord, Vec<P>> {
        let mut bad = vec![];
        let mut t = |f, v: &str, max, req| keep(text(f, v, max, req), &mut bad).flatten();
        let viewer = t("viewer", &self.viewer, SHORT, true);
        let staff_present = t("staff_present", &self.staff_present, SHORT, true);
        let shown = t("shown", &self.shown, LONG, true);
        let copy_form = t("copy_form", &self.copy_form, SHORT, self.copy_given);
        let copy_reason = t("copy_reason", &self.copy_reason, LONG, self.copy_given);
        let copy_period = t("copy_period", &self.copy_period, SHORT, self.copy_given);
        let approved_by = t("approved_by", &self.approved_by, SHORT, true);
        let at = past_minute("at", &self.at, now, &mut bad);
        match (viewer, staff_present, shown, approved_by, at) {
            (Some(viewer), Some(staff_present), Some(shown), Some(approved_by), Some(at))
                if bad.is_empty() =>
            {
                let copy = |v: Option<String>| v.filter(|_| self.copy_given);
                Ok(ViewingRecord {
                    viewer,
                    staff_present,
                    at,
                    shown,
                    masked: self.masked,
                    copy_given: self.copy_given,
                    copy_form: copy(copy_form),
                    copy_reason: copy(copy_reason),
                    copy_period: copy(copy_period),
                    approved_by,
                })
            }
            _ => Err(bad),
        }
    }
}

/// What was done about a deletion request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeletionInput {
    pub deleted: bool,
    /// What was deleted (cameras, time range), or why not.
    pub what: String,
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// How it was destroyed (a [`DestructionMethod`] word); needed when `deleted`.
    #[serde(default)]
    pub method: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeletionRecord {
    pub deleted: bool,
    pub what: String,
    pub at: String,
    /// `None` on a refusal, and on records from before the method was asked.
    #[serde(default)]
    pub method: Option<DestructionMethod>,
}

word_enum!(
    /// How footage was destroyed (written in the ledger's destruction row).
    DestructionMethod {
        /// Deleted on the recorder (the recorder overwrites it).
        Overwrite = "overwrite",
        /// Deleted with a tool that makes it unrecoverable.
        SecureErase = "secure-erase",
        /// The storage medium physically destroyed (shredded, drilled).
        Physical = "physical",
    }
);

impl DeletionInput {
    pub fn validate(&self, now: NaiveDateTime) -> Result<DeletionRecord, Vec<P>> {
        let mut bad = vec![];
        let what = keep(text("what", &self.what, LONG, true), &mut bad).flatten();
        let at = past_minute("at", &self.at, now, &mut bad);
        let method = if self.deleted {
            choose("method", DestructionMethod::parse(&self.method), &mut bad)
        } else {
            None
        };
        match (what, at) {
            (Some(what), Some(at)) if bad.is_empty() => Ok(DeletionRecord {
                deleted: self.deleted,
                what,
                at,
                method,
            }),
            _ => Err(bad),
        }
    }
}

/// A viewing appointment time, not in the past.
pub fn appointment_at(v: &str, now: NaiveDateTime) -> Result<String, Vec<P>> {
    let t = minute("at", v).map_err(|p| vec![p])?;
    if t < now {
        return Err(vec![P::new("at", "field-date-past")]);
    }
    Ok(minute_text(t))
}

/// A booking: the appointment not in the past and, when it falls after the answer's due date
/// (`received` + 10 days; docs/LAW.md "CCTV"), a recorded reason, or it is refused.
pub fn booking(
    at: &str,
    late_reason: &str,
    received: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Event, Vec<P>> {
    let at = appointment_at(at, now)?;
    let late = minute("at", &at)
        .map(|t| t.date() > answer_due(received))
        .unwrap_or(false);
    let late_reason = if late {
        Some(crate::field::reason("late_reason", late_reason).map_err(|p| vec![p])?)
    } else {
        None
    };
    Ok(Event::Booked { at, late_reason })
}

/// Whether two appointments overlap (each takes [`APPOINTMENT_MINUTES`]).
pub fn appointments_conflict(a: NaiveDateTime, b: NaiveDateTime) -> bool {
    (a - b).num_minutes().abs() < APPOINTMENT_MINUTES
}

/// One step in a request's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Event {
    /// At intake, footage expires before it is needed: the officer must preserve it.
    PreservationAsked {
        expires: String,
    },
    /// The officer preserved the footage (outside this app, on the recorder).
    Preserved {
        note: String,
    },
    Decided(DecisionRecord),
    /// A viewing appointment; a later one replaces it (a reschedule). One after the answer's
    /// due date carries why (the person must be able to view within the 10 days, PIPA Art.
    /// 35(3)); older events have none.
    Booked {
        at: String,
        #[serde(default)]
        late_reason: Option<String>,
    },
    NoShow {
        at: String,
    },
    Viewed(ViewingRecord),
    Deletion(DeletionRecord),
    /// The preserved copy was destroyed once the request ended (it has its own due date:
    /// [`copy_destruction_due`]).
    CopyDestroyed(CopyDestruction),
}

/// How and when a preserved copy of footage was destroyed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CopyDestruction {
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub method: DestructionMethod,
}

/// The destruction of a preserved copy as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CopyDestructionInput {
    /// `YYYY-MM-DD HH:MM`, not in the future.
    pub at: String,
    /// A [`DestructionMethod`] word.
    pub method: String,
}

impl CopyDestructionInput {
    pub fn validate(&self, now: NaiveDateTime) -> Result<CopyDestruction, Vec<P>> {
        let mut bad = vec![];
        let at = past_minute("at", &self.at, now, &mut bad);
        let method = choose("method", DestructionMethod::parse(&self.method), &mut bad);
        match (at, method) {
            (Some(at), Some(method)) if bad.is_empty() => Ok(CopyDestruction { at, method }),
            _ => Err(bad),
        }
    }
}

/// Days after the request ends by which a preserved copy is destroyed: "without delay" (PIPA Art.
/// 21(1)), read as within 5 days by the standard privacy guideline (표준 개인정보 보호지침
/// 제10조); docs/LAW.md "CCTV".
pub const COPY_DESTRUCTION_DAYS: u64 = 5;

/// The last day to destroy a preserved copy of a request that ended on `ended`.
pub fn copy_destruction_due(ended: chrono::NaiveDate) -> chrono::NaiveDate {
    ended + chrono::Days::new(COPY_DESTRUCTION_DAYS)
}

impl Event {
    pub fn name(&self) -> &'static str {
        match self {
            Event::PreservationAsked { .. } => "preservation-asked",
            Event::Preserved { .. } => "preserved",
            Event::Decided(_) => "decided",
            Event::Booked { .. } => "booked",
            Event::NoShow { .. } => "no-show",
            Event::Viewed(_) => "viewed",
            Event::Deletion(_) => "deletion",
            Event::CopyDestroyed(_) => "copy-destroyed",
        }
    }
}

word_enum!(
    /// Where a request stands.
    Status {
        /// Waiting for a decision.
        Received = "received",
        /// Approved; a viewing is to be booked.
        Approved = "approved",
        /// A viewing is booked.
        Booked = "booked",
        /// The requester did not come; book again or close.
        NoShow = "no-show",
        /// Done: viewed, existence answered, deletion recorded, or refused.
        Closed = "closed",
    }
);

word_enum!(
    /// Preservation of footage that would expire too soon.
    Preservation {
        NotNeeded = "not-needed",
        Asked = "asked",
        Done = "done",
        /// The preserved copy was destroyed after the request ended.
        Destroyed = "destroyed",
    }
);

/// Where a request stands, read from its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    pub status: Status,
    pub preservation: Preservation,
    pub decision: Option<DecisionRecord>,
    /// The booked appointment in force.
    pub appointment: Option<String>,
    /// That appointment is after the answer's due date (its reason is in the history).
    pub appointment_late: bool,
    pub viewing: Option<ViewingRecord>,
    pub deletion: Option<DeletionRecord>,
}

/// Why a step does not follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepRefused {
    #[error("the request is already decided")]
    AlreadyDecided,
    #[error("the request is not approved")]
    NotApproved,
    #[error("this step does not apply to this kind of request")]
    WrongKind,
    #[error("the request is closed")]
    Closed,
    #[error("no viewing is booked")]
    NotBooked,
    #[error("preservation was not asked or is already done")]
    NothingToPreserve,
    #[error("there is no preserved copy to destroy")]
    NoCopyToDestroy,
}

impl Progress {
    pub fn fold<'a>(kind: RequestKind, events: impl IntoIterator<Item = &'a Event>) -> Progress {
        let mut p = Progress {
            status: Status::Received,
            preservation: Preservation::NotNeeded,
            decision: None,
            appointment: None,
            appointment_late: false,
            viewing: None,
            deletion: None,
        };
        for e in events {
            match e {
                Event::PreservationAsked { .. } => p.preservation = Preservation::Asked,
                Event::Preserved { .. } => p.preservation = Preservation::Done,
                Event::Decided(d) => {
                    p.status = match (d.decision, kind) {
                        (Decision::Refuse, _) | (_, RequestKind::Confirm) => Status::Closed,
                        _ => Status::Approved,
                    };
                    p.decision = Some(d.clone());
                }
                Event::Booked { at, late_reason } => {
                    p.appointment = Some(at.clone());
                    p.appointment_late = late_reason.is_some();
                    p.status = Status::Booked;
                }
                Event::NoShow { .. } => {
                    p.appointment = None;
                    p.appointment_late = false;
                    p.status = Status::NoShow;
                }
                Event::Viewed(v) => {
                    p.viewing = Some(v.clone());
                    p.status = Status::Closed;
                }
                Event::Deletion(d) => {
                    p.deletion = Some(d.clone());
                    p.status = Status::Closed;
                }
                Event::CopyDestroyed(_) => p.preservation = Preservation::Destroyed,
            }
        }
        p
    }

    fn approved(&self) -> bool {
        self.decision
            .as_ref()
            .is_some_and(|d| d.decision != Decision::Refuse)
    }

    /// Whether `event` may follow for a request of `kind`.
    pub fn check(&self, kind: RequestKind, event: &Event) -> Result<(), StepRefused> {
        use StepRefused as R;
        let open = self.status != Status::Closed;
        match event {
            Event::PreservationAsked { .. } => Ok(()),
            Event::Preserved { .. }
                if matches!(
                    self.preservation,
                    Preservation::Done | Preservation::Destroyed
                ) =>
            {
                Err(R::NothingToPreserve)
            }
            // Due once the request ends (an abandoned request's copy may go before).
            Event::CopyDestroyed(_) if self.preservation != Preservation::Done => {
                Err(R::NoCopyToDestroy)
            }
            Event::CopyDestroyed(_) => Ok(()),
            Event::Preserved { .. } => Ok(()),
            Event::Decided(_) if self.decision.is_some() => Err(R::AlreadyDecided),
            Event::Decided(_) => Ok(()),
            _ if !open => Err(R::Closed),
            Event::Booked { .. } | Event::NoShow { .. } | Event::Viewed(_)
                if kind != RequestKind::View =>
            {
                Err(R::WrongKind)
            }
            Event::Deletion(_) if kind != RequestKind::Delete => Err(R::WrongKind),
            _ if !self.approved() => Err(R::NotApproved),
            Event::NoShow { .. } | Event::Viewed(_) if self.appointment.is_none() => {
                Err(R::NotBooked)
            }
            Event::Booked { .. } | Event::NoShow { .. } | Event::Viewed(_) | Event::Deletion(_) => {
                Ok(())
            }
        }
    }

    /// Whether the request still waits for its answer (the decision).
    pub fn unanswered(&self) -> bool {
        self.decision.is_none()
    }
}

word_enum!(
    /// The kind of a ledger row.
    LedgerKind {
        Use = "use",
        Provision = "provision",
        Viewing = "viewing",
        Destruction = "destruction",
    }
);

word_enum!(
    /// Why a ledger row was written (shown in the reader's language).
    LedgerReason {
        /// Footage preserved before it expired, for a request.
        Preserve = "preserve",
        /// Other people masked for a viewing.
        Mask = "mask",
        /// Shown to the requester.
        View = "view",
        /// A copy handed over.
        Copy = "copy",
        /// Deleted at the requester's request.
        Delete = "delete",
        /// The copy preserved for a request, destroyed after it ended.
        PreservedCopy = "preserved-copy",
        /// Written by hand by the officer (purpose in the text).
        Manual = "manual",
        /// Corrects an earlier row.
        Correction = "correction",
    }
);

word_enum!(
    /// The legal basis of a ledger row (docs/LAW.md "CCTV"). A private clinic may rely on
    /// PIPA Art. 18(2) 1 to 4 only; 5 to 9 are for public institutions.
    LegalBasis {
        /// PIPA Art. 35: the person's own access request.
        Access = "pipa-35",
        /// PIPA Art. 36: the person's deletion request.
        Deletion = "pipa-36",
        /// PIPA Art. 18(2)(1): the person's separate consent.
        Consent = "pipa-18-2-1",
        /// PIPA Art. 18(2)(2): another law requires it (e.g. a warrant under 형사소송법 제215조).
        Law = "pipa-18-2-2",
        /// PIPA Art. 18(2)(3): urgently needed for life, body or property.
        Urgent = "pipa-18-2-3",
        /// PIPA Art. 25(1): used within the purpose the camera was installed for.
        InstallPurpose = "pipa-25-1",
        /// History only: Art. 18(2)(7) is for public institutions. Rows written before this
        /// version stay readable; a new row cannot choose it.
        Investigation = "pipa-18-2-7",
        /// Described in the text.
        Other = "other",
    }
);

impl LegalBasis {
    /// The bases a new ledger row may name.
    pub const CHOSEN: [LegalBasis; 7] = [
        LegalBasis::Access,
        LegalBasis::Deletion,
        LegalBasis::Consent,
        LegalBasis::Law,
        LegalBasis::Urgent,
        LegalBasis::InstallPurpose,
        LegalBasis::Other,
    ];
}

/// A ledger row written by hand (a use or provision outside a request, or a correction).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerInput {
    pub kind: String,
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub footage: String,
    pub purpose: String,
    pub party: String,
    pub basis: String,
    pub basis_text: String,
    pub form: String,
    pub period: String,
    /// The number of the row this corrects, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub corrects: Option<i64>,
}

/// A ledger row ready to append.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerDraft {
    pub kind: LedgerKind,
    pub at: String,
    pub footage: String,
    pub reason: LedgerReason,
    pub purpose: String,
    pub party: String,
    pub basis: LegalBasis,
    pub basis_text: Option<String>,
    pub form: String,
    pub period: String,
    pub request_id: Option<i64>,
    pub corrects: Option<i64>,
}

impl LedgerInput {
    pub fn validate(&self, now: NaiveDateTime) -> Result<LedgerDraft, Vec<P>> {
        let mut bad = vec![];
        let kind = choose("kind", LedgerKind::parse(&self.kind), &mut bad);
        let basis = choose(
            "basis",
            LegalBasis::parse(&self.basis).filter(|b| LegalBasis::CHOSEN.contains(b)),
            &mut bad,
        );
        let at = past_minute("at", &self.at, now, &mut bad);
        let mut t = |f, v: &str, max, req| keep(text(f, v, max, req), &mut bad).flatten();
        let footage = t("footage", &self.footage, LONG, true);
        let purpose = t("purpose", &self.purpose, LONG, true);
        let party = t("party", &self.party, SHORT, true);
        let basis_text = t(
            "basis_text",
            &self.basis_text,
            LONG,
            basis == Some(LegalBasis::Other),
        );
        let form = t("form", &self.form, SHORT, false).unwrap_or_default();
        let period = t("period", &self.period, SHORT, false).unwrap_or_default();
        match (kind, basis, at, footage, purpose, party) {
            (Some(kind), Some(basis), Some(at), Some(footage), Some(purpose), Some(party))
                if bad.is_empty() =>
            {
                Ok(LedgerDraft {
                    kind,
                    at,
                    footage,
                    reason: if self.corrects.is_some() {
                        LedgerReason::Correction
                    } else {
                        LedgerReason::Manual
                    },
                    purpose,
                    party,
                    basis,
                    basis_text,
                    form,
                    period,
                    request_id: None,
                    corrects: self.corrects,
                })
            }
            _ => Err(bad),
        }
    }
}

/// A ledger row as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerRow {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub no: i64,
    pub kind: LedgerKind,
    pub at: String,
    pub footage: String,
    pub staff: String,
    pub reason: LedgerReason,
    pub purpose: String,
    pub party: String,
    pub basis: LegalBasis,
    pub basis_text: Option<String>,
    pub form: String,
    pub period: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub request_id: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub corrects: Option<i64>,
    /// For a row of a viewing (the masking, the viewing, a copy): who approved it and which staff
    /// member was present, from the viewing record (printed beside the staff in charge).
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub staff_present: Option<String>,
}

/// A request answered in the period, as the exported ledger lists it beside the rows: the
/// existence answers and the refusals write no ledger row of their own, and are kept here with
/// their grounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestAnswer {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub request_id: i64,
    /// `YYYY-MM-DD HH:MM`, Seoul.
    pub received_at: String,
    pub kind: RequestKind,
    pub relation: Relation,
    /// `YYYY-MM-DD HH:MM`, Seoul.
    pub decided_at: String,
    pub decided_by: String,
    pub decision: DecisionRecord,
}

/// The footage of a request as the ledger names it: `2026-11-01 10:00 ~ 2026-11-01 11:00 (별관, 5층)`.
pub fn footage_label(r: &Request) -> String {
    format!(
        "{} ~ {} ({})",
        r.footage_from,
        r.footage_to,
        r.locations.join(", ")
    )
}

/// The legal basis of a request's own rows.
pub fn basis_of(r: &Request) -> LegalBasis {
    match (r.kind, r.relation) {
        (RequestKind::Delete, _) => LegalBasis::Deletion,
        (_, Relation::Other) => LegalBasis::Urgent,
        _ => LegalBasis::Access,
    }
}

/// The ledger rows a step of request `id` writes by itself: preserving footage is a use,
/// masking others for a viewing is a use, the viewing itself, a copy handed over is a provision,
/// a deletion is a destruction. `recorded_at` is when the step was recorded (the time of a
/// preservation); viewings and deletions carry their own time.
pub fn ledger_rows_for(id: i64, r: &Request, event: &Event, recorded_at: &str) -> Vec<LedgerDraft> {
    let row = |kind, at: &str, reason, form: &str, period: &str| LedgerDraft {
        kind,
        at: at.to_string(),
        footage: footage_label(r),
        reason,
        purpose: r.purpose.clone(),
        party: r.requester_name.clone(),
        basis: basis_of(r),
        basis_text: None,
        form: form.to_string(),
        period: period.to_string(),
        request_id: Some(id),
        corrects: None,
    };
    match event {
        Event::Preserved { .. } => {
            vec![row(
                LedgerKind::Use,
                recorded_at,
                LedgerReason::Preserve,
                "",
                "",
            )]
        }
        Event::Viewed(v) => {
            let mut rows = vec![];
            if v.masked {
                rows.push(row(LedgerKind::Use, &v.at, LedgerReason::Mask, "", ""));
            }
            rows.push(row(LedgerKind::Viewing, &v.at, LedgerReason::View, "", ""));
            if v.copy_given {
                rows.push(row(
                    LedgerKind::Provision,
                    &v.at,
                    LedgerReason::Copy,
                    v.copy_form.as_deref().unwrap_or(""),
                    v.copy_period.as_deref().unwrap_or(""),
                ));
            }
            rows
        }
        Event::CopyDestroyed(c) => vec![row(
            LedgerKind::Destruction,
            &c.at,
            LedgerReason::PreservedCopy,
            c.method.as_str(),
            "",
        )],
        Event::Deletion(d) if d.deleted => {
            // The "form" column of a destruction row says how it was destroyed.
            vec![row(
                LedgerKind::Destruction,
                &d.at,
                LedgerReason::Delete,
                d.method.map(DestructionMethod::as_str).unwrap_or(""),
                "",
            )]
        }
        _ => vec![],
    }
}

#[cfg(test)]
mod tests;
