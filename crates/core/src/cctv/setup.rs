//! The camera setup: where cameras are, who is responsible, how long footage is kept, and
//! the places a camera must not see (or only with consent).

use super::*;
use crate::field::FieldMessage;

/// The retention count a setup may hold (in its unit).
pub const RETENTION_RANGE: std::ops::RangeInclusive<u32> = 1..=365;

word_enum!(
    /// The unit of the footage retention.
    RetentionUnit {
        /// Calendar months: the same day the next month, clamped to the month's end.
        Months = "months",
        /// Days.
        Days = "days",
    }
);

/// How long the recorder keeps footage (docs/LAW.md "CCTV"). The policy says "1 month from the
/// shooting date": a calendar month, not 30 days (in February 30 days would say footage exists
/// two days after it was deleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Retention {
    /// How many units.
    pub count: u32,
    /// Days or months.
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
/// The bounds of the number of years.
pub const RECORD_YEARS_RANGE: std::ops::RangeInclusive<u32> = 1..=10;
/// A viewing appointment takes this long; two closer than this conflict.
pub const APPOINTMENT_MINUTES: i64 = 30;
pub(super) const SHORT: usize = 80;
pub(super) const LONG: usize = 500;

/// One place with cameras.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Location {
    /// The place's name, as the sign and the ledger name it.
    pub name: String,
    /// How many cameras there.
    pub cameras: u32,
    /// What the cameras there film.
    pub range: String,
}

/// A person named in the CCTV policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    /// The person's name.
    pub name: String,
    /// Their position at the clinic.
    pub position: String,
    /// A phone number or e-mail where they can be reached.
    pub contact: String,
}

/// How the clinic runs its cameras.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CctvSetup {
    /// Every place with cameras.
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
            bad.push(P::new("locations", FieldMessage::Required));
        }
        let mut names: Vec<&str> = locations.iter().map(|l| l.name.as_str()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            bad.push(P::new("locations", FieldMessage::LocationRepeated));
        }
        if locations.iter().any(|l| l.cameras == 0 || l.cameras > 999) {
            bad.push(
                P::new("locations", FieldMessage::NumberRange)
                    .arg("min", 1u32)
                    .arg("max", 999u32),
            );
        }
        if access.is_empty() {
            bad.push(P::new("access", FieldMessage::Required));
        }
        if !RETENTION_RANGE.contains(&self.retention.count) {
            bad.push(
                P::new("retention", FieldMessage::NumberRange)
                    .arg("min", *RETENTION_RANGE.start())
                    .arg("max", *RETENTION_RANGE.end()),
            );
        }
        if !RECORD_YEARS_RANGE.contains(&self.record_years) {
            bad.push(
                P::new("record_years", FieldMessage::NumberRange)
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

    /// The number of cameras, all places together.
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
    /// The place's name.
    pub location: String,
    /// What to look at again.
    pub concern: PlaceConcern,
}

word_enum!(
    /// What the requester asks for.
    RequestKind {
        /// View the footage (and perhaps take a copy).
        View = "view",
        /// Confirm that footage of them exists.
        Confirm = "confirm",
        /// Delete the footage.
        Delete = "delete",
    }
);

word_enum!(
    /// The requester's relation to the person filmed.
    Relation {
        /// The person filmed.
        Subject = "subject",
        /// A legal representative (a minor's parent, a guardian appointed by a court).
        LegalRepresentative = "legal-representative",
        /// Someone the person filmed authorised, with a power of attorney (위임장) checked.
        Delegate = "delegate",
        /// Someone who clearly needs it to protect life, body or property (reason required).
        Other = "other",
    }
);
