//! Patients: register (validated by jeopsu-core, duplicates refused or asked about), search as
//! you type, open a record, correct it. Every one of these writes an access-log row in the same
//! transaction. The RRN is sealed in its column and shown masked; revealing it needs a reason.

use crate::audit::Entry;
use crate::consents::{self, ConsentRecord};
use crate::error::{Result, StoreError};
use crate::{Store, Tx, settings};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::NaiveDate;
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::consent::{ConsentDecision, ConsentItem};
use jeopsu_core::hangul;
use jeopsu_core::patient::{self, Age, Gender, PatientInput, Phone, Rrn, ValidPatient, chart};
use jeopsu_core::time;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

const RRN_SEAL_LABEL: &[u8] = b"jeopsu rrn seal v1";
const RRN_MAC_LABEL: &[u8] = b"jeopsu rrn mac v1";
/// Most search results shown at once.
pub const SEARCH_LIMIT: usize = 20;

/// A search result: enough to pick the right person, never the RRN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PatientHit {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub chart_no: String,
    pub name: String,
    pub gender: Gender,
    pub age: Age,
    /// `1990-01-**`.
    pub birth_masked: String,
    pub mobile_last4: Option<String>,
}

/// One patient's record as the desk sees it (the RRN masked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatientRecord {
    pub id: i64,
    pub chart_no: String,
    pub name: String,
    pub birth_date: String,
    pub age: Age,
    pub gender: Gender,
    pub rrn_masked: String,
    pub address: String,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub service_status: Option<String>,
    /// UTC RFC 3339.
    pub created_at: String,
    pub updated_at: String,
    pub corrections: Vec<Correction>,
    /// Every consent decision on file, oldest first (the newest per item is in force).
    pub consents: Vec<ConsentRecord>,
    /// A minor whose legal representative has not consented yet: the patient's consent does
    /// not count until they have.
    pub guardian_consent_pending: bool,
    /// The legal representative's signed records, oldest first.
    pub signed_records: Vec<crate::guardians::SignedRecord>,
    /// An adult whose optional use in force is still their legal representative's "yes"
    /// ([`jeopsu_core::consent::adult_decision_due`]): the desk asks their own decision.
    pub adult_consent_due: bool,
    /// The day the patient turns (or turned) 19, `YYYY-MM-DD`.
    pub adult_on: Option<String>,
    /// The optional items offered at this age ([`jeopsu_core::consent::offered_items`]).
    pub offered_items: Vec<ConsentItem>,
    /// Their visits, newest first.
    pub visits: Vec<crate::visits::VisitRow>,
    /// Their bookings from today on.
    pub appointments: Vec<crate::appointments::AppointmentRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// UTC RFC 3339.
    pub at: String,
    pub actor: String,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Registered {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub chart_no: String,
}

/// Whether a possible duplicate (same name and birth date, or same mobile) was already shown to
/// the person and they said it is someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicates {
    /// Refuse with [`StoreError::PossibleDuplicate`] listing them.
    Ask,
    /// Register anyway (the desk confirmed it is a different person).
    Confirmed,
}

// ---- RRN sealing -------------------------------------------------------------------------

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
const SEAL_BOUND: &[u8; 2] = b"R2";

fn bound_to(id: i64) -> Vec<u8> {
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

    fn mac(&self, rrn: &Rrn) -> Vec<u8> {
        crate::vault::hmac_sha256(&self.mac, &[rrn.expose().as_bytes()]).to_vec()
    }

    fn cipher(&self) -> Result<XChaCha20Poly1305> {
        XChaCha20Poly1305::new_from_slice(self.seal.as_slice())
            .map_err(|_| StoreError::Internal("rrn key".into()))
    }

    /// Seals `rrn` for the patient row `id`.
    fn seal(&self, rrn: &Rrn, id: i64) -> Result<Vec<u8>> {
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
    fn open(&self, sealed: &[u8], id: i64) -> Result<Rrn> {
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

    fn open_unbound(&self, sealed: &[u8]) -> Option<Vec<u8>> {
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

/// How a valid patient is stored: every column but the chart number and the creation time,
/// shared by registering and correcting so the two can never store a field differently.
struct Columns<'a> {
    v: &'a ValidPatient,
    initials: String,
    birth_date: String,
    gender: &'static str,
    rrn_sealed: Vec<u8>,
    rrn_mac: &'a [u8],
    rrn_masked: String,
    phone: Option<&'a str>,
    mobile: Option<&'a str>,
    phone_last4: Option<String>,
    mobile_last4: Option<String>,
    updated_at: &'a str,
}

impl<'a> Columns<'a> {
    const NAMES: [&'static str; 15] = [
        "name",
        "name_initials",
        "birth_date",
        "gender",
        "rrn_sealed",
        "rrn_mac",
        "rrn_masked",
        "address",
        "phone",
        "mobile",
        "phone_last4",
        "mobile_last4",
        "email",
        "service_status",
        "updated_at",
    ];

    /// `id` is the row's: the RRN is sealed bound to it.
    fn of(
        keys: &RrnKeys,
        v: &'a ValidPatient,
        mac: &'a [u8],
        now: &'a str,
        id: i64,
    ) -> Result<Columns<'a>> {
        Ok(Columns {
            v,
            initials: hangul::initials(&v.name),
            birth_date: v.birth_date.to_string(),
            gender: v.gender.as_str(),
            rrn_sealed: keys.seal(&v.rrn, id)?,
            rrn_mac: mac,
            rrn_masked: v.rrn.masked(),
            phone: v.phone.as_ref().map(Phone::as_str),
            mobile: v.mobile.as_ref().map(Phone::as_str),
            phone_last4: v.phone.as_ref().map(|p| p.last_four().to_string()),
            mobile_last4: v.mobile.as_ref().map(|p| p.last_four().to_string()),
            updated_at: now,
        })
    }

    /// `(":column", value)` in the order of [`Columns::NAMES`].
    fn named(&self) -> Vec<(&'static str, &dyn rusqlite::ToSql)> {
        vec![
            (":name", &self.v.name),
            (":name_initials", &self.initials),
            (":birth_date", &self.birth_date),
            (":gender", &self.gender),
            (":rrn_sealed", &self.rrn_sealed),
            (":rrn_mac", &self.rrn_mac),
            (":rrn_masked", &self.rrn_masked),
            (":address", &self.v.address),
            (":phone", &self.phone),
            (":mobile", &self.mobile),
            (":phone_last4", &self.phone_last4),
            (":mobile_last4", &self.mobile_last4),
            (":email", &self.v.email),
            (":service_status", &self.v.service_status),
            (":updated_at", &self.updated_at),
        ]
    }
}

/// Puts a patient into the search index (name trigrams and phone digits).
fn index(tx: &Tx<'_>, id: i64, v: &ValidPatient) -> Result<()> {
    tx.conn()
        .prepare_cached("INSERT INTO patient_search (rowid, name, digits) VALUES (?1, ?2, ?3)")?
        .execute(params![id, v.name, search_digits(v)])?;
    Ok(())
}

// ---- helpers -----------------------------------------------------------------------------

fn today(store: &Store) -> NaiveDate {
    time::seoul_date(store.now())
}

fn birth_masked(birth: &str) -> String {
    format!("{}-**", birth.get(..7).unwrap_or(birth))
}

/// A stored gender. An unknown one is an error, never a default (it used to read as F).
fn gender_of(text: &str) -> rusqlite::Result<Gender> {
    Gender::parse(text).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(0, format!("gender {text}"), rusqlite::types::Type::Text)
    })
}

/// `text` with LIKE's wildcards and its escape character escaped (`\\`).
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn search_digits(v: &ValidPatient) -> String {
    [&v.phone, &v.mobile]
        .iter()
        .filter_map(|p| p.as_ref().map(Phone::digits))
        .collect::<Vec<_>>()
        .join(" ")
}

fn chart_format(tx: &Tx<'_>) -> Result<String> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([crate::settings::CHART_NO_FORMAT], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| chart::DEFAULT_FORMAT.to_string()))
}

/// Chart numbers handed out from the counter within one transaction (skipping numbers taken by
/// an import): the format and the counter are read once, and the counter is written back once
/// by [`ChartNumbers::finish`] (an import numbers thousands of rows).
struct ChartNumbers {
    format: String,
    year: i32,
    next: i64,
    taken: i64,
    /// Numbers not to hand out though no row has them yet: an import's own chart numbers, for
    /// rows written after the ones numbered here.
    reserved: std::collections::HashSet<String>,
}

impl ChartNumbers {
    fn start(tx: &Tx<'_>) -> Result<ChartNumbers> {
        let last: i64 = tx
            .conn()
            .prepare_cached("SELECT value FROM counters WHERE name = 'chart_no'")?
            .query_row([], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        Ok(ChartNumbers {
            format: chart_format(tx)?,
            year: chrono::Datelike::year(&time::seoul_date(tx.now())),
            next: last + 1,
            taken: 0,
            reserved: Default::default(),
        })
    }

    /// The next free number.
    fn next(&mut self, tx: &Tx<'_>) -> Result<String> {
        loop {
            let seq = self.next;
            self.next += 1;
            self.taken += 1;
            let no = chart::render(&self.format, self.year, u64::try_from(seq).unwrap_or(0))
                .ok_or_else(|| {
                    StoreError::Internal(format!("chart number format {:?}", self.format))
                })?;
            if !self.reserved.contains(&no) && !chart_no_taken(tx, &no)? {
                return Ok(no);
            }
        }
    }

    /// Writes the counter back (nothing when no number was handed out).
    fn finish(self, tx: &Tx<'_>) -> Result<()> {
        if self.taken > 0 {
            tx.conn()
                .prepare_cached(
                    "INSERT INTO counters (name, value) VALUES ('chart_no', ?1)
                     ON CONFLICT (name) DO UPDATE SET value = ?1",
                )?
                .execute([self.next - 1])?;
        }
        Ok(())
    }
}

fn chart_no_taken(tx: &Tx<'_>, no: &str) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM patients WHERE chart_no = ?1)")?
        .query_row([no], |r| r.get(0))?)
}

fn hits_for(tx: &Tx<'_>, ids: &[i64], today: NaiveDate) -> Result<HashMap<i64, PatientHit>> {
    let mut out = HashMap::new();
    let mut stmt = tx.conn().prepare_cached(
        "SELECT id, chart_no, name, gender, birth_date, mobile_last4 FROM patients WHERE id = ?1",
    )?;
    for id in ids {
        let row = stmt
            .query_row([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .optional()?;
        if let Some((id, chart_no, name, gender, birth, last4)) = row {
            // An unreadable birth date is an error, never an adult by default.
            let age = stored_age(id, &birth, today)?;
            out.insert(
                id,
                PatientHit {
                    id,
                    chart_no,
                    name,
                    gender: gender_of(&gender)?,
                    age,
                    birth_masked: birth_masked(&birth),
                    mobile_last4: last4,
                },
            );
        }
    }
    Ok(out)
}

/// Patients that may be the same person: same name and birth date, or same mobile.
fn possible_duplicates(tx: &Tx<'_>, v: &ValidPatient, except: Option<i64>) -> Result<Vec<i64>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT id FROM patients
         WHERE ((name = ?1 AND birth_date = ?2) OR (?3 IS NOT NULL AND mobile = ?3))
           AND id IS NOT ?4
         ORDER BY id LIMIT 10",
    )?;
    let ids = stmt
        .query_map(
            params![
                v.name,
                v.birth_date.to_string(),
                v.mobile.as_ref().map(Phone::as_str),
                except
            ],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

fn existing_with_rrn(tx: &Tx<'_>, mac: &[u8], except: Option<i64>) -> Result<Option<String>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT chart_no FROM patients WHERE rrn_mac = ?1 AND id IS NOT ?2")?
        .query_row(params![mac, except], |r| r.get(0))
        .optional()?)
}

// ---- register ----------------------------------------------------------------------------

/// Validates and registers one patient inside an open transaction (shared by the desk and the
/// CSV import). Returns the new id and chart number.
pub(crate) fn insert(
    tx: &Tx<'_>,
    keys: &RrnKeys,
    v: &ValidPatient,
    duplicates: Duplicates,
) -> Result<Registered> {
    let mac = keys.mac(&v.rrn);
    if let Some(chart_no) = existing_with_rrn(tx, &mac, None)? {
        return Err(StoreError::DuplicatePatient { chart_no });
    }
    if duplicates == Duplicates::Ask {
        let ids = possible_duplicates(tx, v, None)?;
        if !ids.is_empty() {
            let today = time::seoul_date(tx.now());
            let hits = hits_for(tx, &ids, today)?;
            let list = ids.iter().filter_map(|i| hits.get(i).cloned()).collect();
            return Err(StoreError::PossibleDuplicate(list));
        }
    }
    let chart_no = match &v.chart_no {
        Some(no) if chart_no_taken(tx, no)? => {
            return Err(StoreError::Conflict(format!("chart number {no}")));
        }
        Some(no) => no.clone(),
        None => {
            let mut numbers = ChartNumbers::start(tx)?;
            let no = numbers.next(tx)?;
            numbers.finish(tx)?;
            no
        }
    };
    let id = next_patient_id(tx)?;
    insert_row(tx, keys, v, &mac, &chart_no, id)?;
    Ok(Registered { id, chart_no })
}

/// The id the next patient row gets (as SQLite would give it): known before the insert, so
/// the RRN is sealed bound to it in the same statement. Inside a write transaction nobody else
/// inserts meanwhile.
fn next_patient_id(tx: &Tx<'_>) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM patients")?
        .query_row([], |r| r.get(0))?)
}

/// The `INSERT` of a new patient row (every column of [`Columns`], the chart number, the id).
static INSERT_PATIENT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "INSERT INTO patients (id, chart_no, created_at, {}) VALUES (:id, :chart_no, :updated_at, {})",
        Columns::NAMES.join(", "),
        Columns::NAMES.map(|n| format!(":{n}")).join(", ")
    )
});

/// Writes a checked patient as row `id` with its sealed RRN (bound to `id`) and its search
/// index entry. The caller has checked the RRN and the chart number are free.
fn insert_row(
    tx: &Tx<'_>,
    keys: &RrnKeys,
    v: &ValidPatient,
    mac: &[u8],
    chart_no: &str,
    id: i64,
) -> Result<()> {
    let now = time::to_stored(tx.now());
    let cols = Columns::of(keys, v, mac, &now, id)?;
    let mut named = cols.named();
    named.push((":chart_no", &chart_no));
    named.push((":id", &id));
    // Prepared once per connection (an import runs it for every row; parsing it each time was
    // a tenth of the import's time).
    tx.conn()
        .prepare_cached(&INSERT_PATIENT)?
        .execute(named.as_slice())?;
    index(tx, id, v)?;
    Ok(())
}

/// Registers a patient typed at the desk, with the optional consents they gave on the wording
/// shown (checked by [`jeopsu_core::consent::check_choices`]).
///
/// Registration never waits for a consent: what care needs rests on the law (docs/LAW.md
/// "Registration and consent"). A minor's own answers do not count (the legal representative
/// decides), so for a minor `consents` must be empty and the record shows the guardian step as
/// pending.
pub fn register(
    store: &mut Store,
    actor: &Actor,
    input: &PatientInput,
    duplicates: Duplicates,
    consents: &[ConsentDecision],
) -> Result<Registered> {
    let today = today(store);
    let v = input.validate(today).map_err(StoreError::Invalid)?;
    let age = Age::on(v.birth_date, today);
    check_consents(age, consents)?;
    let keys = RrnKeys::of(store);
    let result = store.write(|tx| {
        let r = insert(tx, &keys, &v, duplicates)?;
        consents::record(
            tx,
            r.id,
            consents,
            consents::Signer::Patient,
            consents::Method::InPerson,
            actor,
            None,
        )?;
        tx.log(
            Entry::new(Action::PatientRegistered, actor)
                .subject(Subject::patient(r.id))
                .detail(serde_json::json!({
                    "minor": age.minor,
                    "child": age.child,
                    "consents": consents
                        .iter()
                        .map(|d| (d.text.item.as_str(), d.granted))
                        .collect::<std::collections::BTreeMap<_, _>>(),
                })),
        )?;
        Ok(r)
    });
    log_refused_duplicate(store, actor, &result, None)?;
    result
}

/// A change refused because the RRN is another patient's leaves a row of its own (committed
/// although the change was not): repeated, the monthly review flags it as RRN probing. The row
/// names the patient being corrected, never the one the number belongs to.
fn log_refused_duplicate<T>(
    store: &mut Store,
    actor: &Actor,
    result: &Result<T>,
    patient: Option<i64>,
) -> Result<()> {
    if let Err(StoreError::DuplicatePatient { .. }) = result {
        store.write(|tx| {
            let mut e = Entry::new(Action::DuplicateRefused, actor);
            if let Some(id) = patient {
                e = e.subject(Subject::patient(id));
            }
            tx.log(e).map(|_| ())
        })?;
    }
    Ok(())
}

fn check_consents(age: Age, consents: &[ConsentDecision]) -> Result<()> {
    if age.minor && !consents.is_empty() {
        return Err(StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
            ConsentItem::Marketing.field(),
            "field-consent-guardian",
        )]));
    }
    Ok(())
}

/// Records consents given later by an adult patient already registered (say, one imported from
/// paper): a new dated record per item, the old ones untouched.
pub fn give_consents(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    consents: &[ConsentDecision],
) -> Result<PatientRecord> {
    store.write(|tx| {
        let rec = record_in(tx, id)?;
        check_consents(rec.age, consents)?;
        consents::record(
            tx,
            id,
            consents,
            consents::Signer::Patient,
            consents::Method::InPerson,
            actor,
            None,
        )?;
        tx.log(
            Entry::new(Action::ConsentRecorded, actor)
                .subject(Subject::patient(id))
                .detail(serde_json::json!({
                    "consents": consents
                        .iter()
                        .map(|d| (d.text.item.as_str(), d.granted))
                        .collect::<std::collections::BTreeMap<_, _>>(),
                })),
        )?;
        record_in(tx, id)
    })
}

// ---- search ------------------------------------------------------------------------------

/// Ranks: lower is better.
const RANK_CHART: u8 = 0;
const RANK_PHONE: u8 = 1;
const RANK_NAME_EXACT: u8 = 2;
const RANK_NAME_PREFIX: u8 = 3;
const RANK_PHONE_PART: u8 = 4;
const RANK_BIRTH: u8 = 5;
const RANK_NAME_PART: u8 = 6;

fn collect(
    tx: &Tx<'_>,
    sql: &str,
    args: &[&dyn rusqlite::ToSql],
    rank: u8,
    into: &mut HashMap<i64, u8>,
) -> Result<()> {
    let mut stmt = tx.conn().prepare_cached(sql)?;
    let ids = stmt.query_map(args, |r| r.get::<_, i64>(0))?;
    for id in ids {
        let e = into.entry(id?).or_insert(rank);
        *e = (*e).min(rank);
    }
    Ok(())
}

/// The end of a prefix range: every text starting with `prefix` sorts below it.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// A quoted FTS5 string (the query is data, never syntax).
fn fts_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The candidates for `query` with their rank, without logging (the benchmark measures this
/// and [`search`] separately).
pub fn find(tx: &Tx<'_>, query: &str) -> Result<Vec<(u8, i64)>> {
    let q = patient::clean_text(query);
    let mut found: HashMap<i64, u8> = HashMap::new();
    if q.is_empty() {
        return Ok(vec![]);
    }
    let limit = (SEARCH_LIMIT * 5) as i64;
    // Chart number, exactly.
    collect(
        tx,
        "SELECT id FROM patients WHERE chart_no = ?1",
        &[&q.to_uppercase()],
        RANK_CHART,
        &mut found,
    )?;
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let digit_like = q
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')' | '.'));
    if digit_like && digits.len() >= 4 {
        if let Some(p) = Phone::parse(&q) {
            collect(
                tx,
                "SELECT id FROM patients WHERE mobile = ?1 UNION SELECT id FROM patients WHERE phone = ?1",
                &[&p.as_str()],
                RANK_PHONE,
                &mut found,
            )?;
        }
        if digits.len() == 4 {
            collect(
                tx,
                "SELECT id FROM patients WHERE mobile_last4 = ?1
                 UNION SELECT id FROM patients WHERE phone_last4 = ?1 LIMIT ?2",
                &[&digits, &limit],
                RANK_PHONE_PART,
                &mut found,
            )?;
        }
        collect(
            tx,
            "SELECT rowid FROM patient_search WHERE digits MATCH ?1 LIMIT ?2",
            &[&format!("digits : {}", fts_quote(&digits)), &limit],
            RANK_PHONE_PART,
            &mut found,
        )?;
        // YYMMDD or YYYYMMDD as a birth date.
        let dates: Vec<String> = match digits.len() {
            6 => ["19", "20"]
                .iter()
                .map(|c| format!("{c}{}-{}-{}", &digits[..2], &digits[2..4], &digits[4..6]))
                .collect(),
            8 => vec![format!(
                "{}-{}-{}",
                &digits[..4],
                &digits[4..6],
                &digits[6..8]
            )],
            _ => vec![],
        };
        for d in dates {
            collect(
                tx,
                "SELECT id FROM patients WHERE birth_date = ?1 LIMIT ?2",
                &[&d, &limit],
                RANK_BIRTH,
                &mut found,
            )?;
        }
    } else if hangul::is_initials_query(&q.replace(' ', "")) {
        let initials = q.replace(' ', "");
        collect(
            tx,
            "SELECT id FROM patients WHERE name_initials >= ?1 AND name_initials < ?2 LIMIT ?3",
            &[&initials, &prefix_end(&initials), &limit],
            RANK_NAME_PREFIX,
            &mut found,
        )?;
    } else if NaiveDate::parse_from_str(&q, "%Y-%m-%d").is_ok() {
        collect(
            tx,
            "SELECT id FROM patients WHERE birth_date = ?1 LIMIT ?2",
            &[&q, &limit],
            RANK_BIRTH,
            &mut found,
        )?;
    } else {
        collect(
            tx,
            "SELECT id FROM patients WHERE name = ?1 LIMIT ?2",
            &[&q, &limit],
            RANK_NAME_EXACT,
            &mut found,
        )?;
        collect(
            tx,
            "SELECT id FROM patients WHERE name >= ?1 AND name < ?2 LIMIT ?3",
            &[&q, &prefix_end(&q), &limit],
            RANK_NAME_PREFIX,
            &mut found,
        )?;
        if q.chars().count() >= 3 {
            collect(
                tx,
                "SELECT rowid FROM patient_search WHERE name MATCH ?1 LIMIT ?2",
                &[&format!("name : {}", fts_quote(&q)), &limit],
                RANK_NAME_PART,
                &mut found,
            )?;
        } else if q.chars().count() == 2 {
            // The trigram index needs three letters; a two-letter given name ("민수") or a
            // short word of a foreign name ("An" in "Nguyễn Văn An") is found by a scan of the
            // names (about 10 ms at 100,000 patients: BENCHMARKS.md).
            let pattern = format!("%{}%", like_escape(&q));
            collect(
                tx,
                "SELECT id FROM patients WHERE name LIKE ?1 ESCAPE '\\' LIMIT ?2",
                &[&pattern, &limit],
                RANK_NAME_PART,
                &mut found,
            )?;
        }
    }
    let mut ranked: Vec<(u8, i64)> = found.into_iter().map(|(id, r)| (r, id)).collect();
    ranked.sort_unstable();
    Ok(ranked)
}

/// Searches, ranked: exact chart number, exact phone, exact name, name or initials prefix, part
/// of a phone number, birth date, part of a name; ties by name. Logs which patients were shown.
pub fn search(store: &mut Store, actor: &Actor, query: &str) -> Result<Vec<PatientHit>> {
    let hits = search_shown(store, query)?;
    let shown: Vec<i64> = hits.iter().map(|h| h.id).collect();
    log_search(store, actor, &shown)?;
    Ok(hits)
}

/// The desk's search as the person types: the results, without a log row yet. The caller logs
/// the search the person settled on ([`log_search`]: typing paused, a result opened, the box
/// cleared, or the session ending), with the results that were shown. `jeopsu patients search`
/// and every other caller use [`search`], which logs at once.
pub fn search_shown(store: &mut Store, query: &str) -> Result<Vec<PatientHit>> {
    let today = today(store);
    store.write(|tx| {
        let ranked = find(tx, query)?;
        let ids: Vec<i64> = ranked.iter().map(|(_, id)| *id).collect();
        let hits = hits_for(tx, &ids, today)?;
        let mut out: Vec<(u8, PatientHit)> = ranked
            .iter()
            .filter_map(|(r, id)| hits.get(id).map(|h| (*r, h.clone())))
            .collect();
        out.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.name.cmp(&b.1.name))
                .then_with(|| a.1.chart_no.cmp(&b.1.chart_no))
        });
        out.truncate(SEARCH_LIMIT);
        Ok(out.into_iter().map(|(_, h)| h).collect())
    })
}

/// Logs a search with the patients it showed.
pub fn log_search(store: &mut Store, actor: &Actor, shown: &[i64]) -> Result<()> {
    store.write(|tx| {
        tx.log(
            Entry::new(Action::PatientsSearched, actor)
                .detail(serde_json::json!({ "shown": shown })),
        )
        .map(|_| ())
    })
}

// ---- open, correct, reveal ---------------------------------------------------------------

/// The age of a stored birth date today. An unreadable one is an integrity failure, never a
/// silent default (a default age would make a minor look like an adult).
fn stored_age(patient_id: i64, birth: &str, today: NaiveDate) -> Result<Age> {
    NaiveDate::parse_from_str(birth, "%Y-%m-%d")
        .map(|b| Age::on(b, today))
        .map_err(|_| {
            StoreError::IntegrityFailed(format!(
                "patient {patient_id}: stored birth date unreadable"
            ))
        })
}

/// A patient's age today, read inside the caller's transaction (nothing is logged: no record
/// is shown).
pub(crate) fn age_in(tx: &Tx<'_>, id: i64) -> Result<Age> {
    let birth: String = tx
        .conn()
        .query_row("SELECT birth_date FROM patients WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("patient {id}")))?;
    stored_age(id, &birth, time::seoul_date(tx.now()))
}

/// A patient's age today (for choosing which wording to show; nothing of the record is read).
pub fn age_of(store: &mut Store, id: i64) -> Result<Age> {
    store.write(|tx| age_in(tx, id))
}

pub(crate) fn record_in(tx: &Tx<'_>, id: i64) -> Result<PatientRecord> {
    let today = time::seoul_date(tx.now());
    let mut rec = tx
        .conn()
        .query_row(
            "SELECT id, chart_no, name, birth_date, gender, rrn_masked, address, phone, mobile,
                    email, service_status, created_at, updated_at
             FROM patients WHERE id = ?1",
            [id],
            |r| {
                let birth: String = r.get(3)?;
                let age = Age {
                    years: 0,
                    minor: true,
                    child: true,
                };
                Ok(PatientRecord {
                    id: r.get(0)?,
                    chart_no: r.get(1)?,
                    name: r.get(2)?,
                    birth_date: birth.clone(),
                    age,
                    gender: gender_of(&r.get::<_, String>(4)?)?,
                    rrn_masked: r.get(5)?,
                    address: r.get(6)?,
                    phone: r.get(7)?,
                    mobile: r.get(8)?,
                    email: r.get(9)?,
                    service_status: r.get(10)?,
                    created_at: r.get(11)?,
                    updated_at: r.get(12)?,
                    corrections: vec![],
                    consents: vec![],
                    guardian_consent_pending: false,
                    signed_records: vec![],
                    adult_consent_due: false,
                    offered_items: vec![],
                    visits: vec![],
                    appointments: vec![],
                    adult_on: NaiveDate::parse_from_str(&birth, "%Y-%m-%d")
                        .ok()
                        .and_then(|b| patient::birthday_at(b, patient::ADULT_AGE))
                        .map(|d| d.to_string()),
                })
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("patient {id}")))?;
    rec.age = stored_age(id, &rec.birth_date, today)?;
    let mut stmt = tx.conn().prepare_cached(
        "SELECT at, actor, fields FROM patient_corrections WHERE patient_id = ?1 ORDER BY id",
    )?;
    rec.corrections = stmt
        .query_map([id], |r| {
            let fields: String = r.get(2)?;
            Ok(Correction {
                at: r.get(0)?,
                actor: r.get(1)?,
                fields: serde_json::from_str(&fields).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rec.consents = consents::history(tx, id)?;
    rec.signed_records = crate::guardians::records_in(tx, id)?;
    // The guardian step is the signed record itself: under 14 it may carry no optional item.
    rec.guardian_consent_pending = rec.age.minor && rec.signed_records.is_empty();
    let decisions: Vec<_> = rec
        .consents
        .iter()
        .map(|c| (c.item, c.signer, c.granted))
        .collect();
    rec.adult_consent_due = jeopsu_core::consent::adult_decision_due(rec.age, &decisions);
    rec.offered_items =
        jeopsu_core::consent::offered_items(crate::settings::consent_policy(tx.conn())?, rec.age);
    rec.visits = crate::visits::of_patient(tx, id)?;
    rec.appointments = crate::appointments::upcoming(tx, id)?;
    Ok(rec)
}

/// The patient id of a chart number (no record is read, nothing is logged).
pub fn id_of(store: &mut Store, chart_no: &str) -> Result<i64> {
    store.write(|tx| id_of_chart(tx, chart_no))
}

/// The chart number of patient `id` (no record is read, nothing is logged): for naming a file.
pub fn chart_no_of(store: &mut Store, id: i64) -> Result<String> {
    store.write(|tx| {
        tx.conn()
            .query_row("SELECT chart_no FROM patients WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("patient {id}")))
    })
}

fn id_of_chart(tx: &Tx<'_>, chart_no: &str) -> Result<i64> {
    tx.conn()
        .query_row(
            "SELECT id FROM patients WHERE chart_no = ?1",
            [chart_no.trim().to_uppercase()],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("chart number {}", chart_no.trim())))
}

/// Opens a patient's record (logged).
pub fn open(store: &mut Store, actor: &Actor, id: i64) -> Result<PatientRecord> {
    store.write(|tx| {
        let rec = record_in(tx, id)?;
        tx.log(Entry::new(Action::PatientViewed, actor).subject(Subject::patient(id)))?;
        Ok(rec)
    })
}

/// Opens a patient's record by chart number (logged).
pub fn open_by_chart(store: &mut Store, actor: &Actor, chart_no: &str) -> Result<PatientRecord> {
    let id = store.write(|tx| id_of_chart(tx, chart_no))?;
    open(store, actor, id)
}

/// The fields whose values differ between the stored record and the corrected input.
fn changed_fields(old: &PatientRecord, old_rrn: &Rrn, v: &ValidPatient) -> Vec<&'static str> {
    let mut f = vec![];
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let p = |o: &Option<Phone>| {
        o.as_ref()
            .map(|x| x.as_str().to_string())
            .unwrap_or_default()
    };
    if old.name != v.name {
        f.push("name");
    }
    if old.birth_date != v.birth_date.to_string() {
        f.push("birth_date");
    }
    if old_rrn != &v.rrn {
        f.push("rrn");
    }
    if old.gender != v.gender {
        f.push("gender");
    }
    if old.address != v.address {
        f.push("address");
    }
    if s(&old.phone) != p(&v.phone) {
        f.push("phone");
    }
    if s(&old.mobile) != p(&v.mobile) {
        f.push("mobile");
    }
    if s(&old.email) != s(&v.email) {
        f.push("email");
    }
    if s(&old.service_status) != s(&v.service_status) {
        f.push("service_status");
    }
    f
}

/// Corrects a patient's record. The input is the whole record as it should be; an empty RRN
/// field keeps the stored one (the desk never sees it in full). Records who changed which fields.
pub fn correct(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    input: &PatientInput,
) -> Result<PatientRecord> {
    let today = today(store);
    let keys = RrnKeys::of(store);
    let result = store.write(|tx| {
        let old = record_in(tx, id)?;
        let sealed: Vec<u8> =
            tx.conn()
                .query_row("SELECT rrn_sealed FROM patients WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        let old_rrn = keys.open(&sealed, id)?;
        let mut input = input.clone();
        if input.rrn.trim().is_empty() {
            input.rrn = old_rrn.expose();
        }
        // The chart number is not corrected here.
        input.chart_no = String::new();
        let v = input.validate(today).map_err(StoreError::Invalid)?;
        let fields = changed_fields(&old, &old_rrn, &v);
        if fields.is_empty() {
            return Ok(old);
        }
        let mac = keys.mac(&v.rrn);
        if let Some(chart_no) = existing_with_rrn(tx, &mac, Some(id))? {
            return Err(StoreError::DuplicatePatient { chart_no });
        }
        let now = time::to_stored(tx.now());
        let cols = Columns::of(&keys, &v, &mac, &now, id)?;
        let mut named = cols.named();
        named.push((":id", &id));
        tx.conn().execute(
            &format!(
                "UPDATE patients SET {} WHERE id = :id",
                Columns::NAMES.map(|n| format!("{n} = :{n}")).join(", ")
            ),
            named.as_slice(),
        )?;
        tx.conn()
            .execute("DELETE FROM patient_search WHERE rowid = ?1", [id])?;
        index(tx, id, &v)?;
        log_correction(tx, actor, id, &fields, &now, false)?;
        record_in(tx, id)
    });
    log_refused_duplicate(store, actor, &result, Some(id))?;
    result
}

/// Deletes one optional field (`email` or `service_status`) of a patient on their request,
/// with a correction row and its log row, in the caller's transaction. `false` when it was
/// empty already.
pub(crate) fn erase_optional_in(
    tx: &Tx<'_>,
    actor: &Actor,
    id: i64,
    column: &'static str,
) -> Result<bool> {
    if !matches!(column, "email" | "service_status") {
        return Err(StoreError::Internal(format!("{column} is not optional")));
    }
    let now = time::to_stored(tx.now());
    let n = tx.conn().execute(
        &format!(
            "UPDATE patients SET {column} = NULL, updated_at = ?2
             WHERE id = ?1 AND {column} IS NOT NULL"
        ),
        params![id, now],
    )?;
    if n == 0 {
        return Ok(false);
    }
    log_correction(tx, actor, id, &[column], &now, true)?;
    Ok(true)
}

/// A correction's row on the record (which fields, when, who) and its log row.
fn log_correction<S: Serialize>(
    tx: &Tx<'_>,
    actor: &Actor,
    id: i64,
    fields: &[S],
    now: &str,
    deleted: bool,
) -> Result<()> {
    let list = serde_json::to_string(fields).map_err(|e| StoreError::Internal(e.to_string()))?;
    tx.conn().execute(
        "INSERT INTO patient_corrections (patient_id, at, actor, fields) VALUES (?1, ?2, ?3, ?4)",
        params![id, now, actor.to_log_text(), list],
    )?;
    let mut detail = serde_json::json!({ "fields": fields });
    if deleted {
        detail["deleted"] = serde_json::Value::Bool(true);
    }
    tx.log(
        Entry::new(Action::PatientCorrected, actor)
            .subject(Subject::patient(id))
            .detail(detail),
    )?;
    Ok(())
}

/// The full RRN, for a role allowed to see it, with the reason on the record.
pub fn reveal_rrn(store: &mut Store, actor: &Actor, id: i64, reason: &str) -> Result<String> {
    let reason =
        jeopsu_core::field::reason("reason", reason).map_err(|p| StoreError::Invalid(vec![p]))?;
    let keys = RrnKeys::of(store);
    store.write(|tx| {
        let sealed: Vec<u8> = tx
            .conn()
            .query_row("SELECT rrn_sealed FROM patients WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("patient {id}")))?;
        let rrn = keys.open(&sealed, id)?;
        tx.log(
            Entry::new(Action::RrnRevealed, actor)
                .subject(Subject::patient(id))
                .reason(&reason),
        )?;
        Ok(rrn.expose())
    })
}

/// How many patients are registered.
pub fn count(store: &Store) -> Result<i64> {
    Ok(store
        .conn()
        .query_row("SELECT count(*) FROM patients", [], |r| r.get(0))?)
}

// ---- import ------------------------------------------------------------------------------

/// One CSV row as read (the CLI parses the file; line numbers count the header as line 1).
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub line: usize,
    pub input: PatientInput,
    /// The `marketing_consent` column as written (`y` or `n`).
    pub marketing: String,
    /// The optional `last_visit` column (`YYYY-MM-DD`, or empty): recorded as an imported visit,
    /// so the patient list's period counts from the patient's real last visit.
    pub last_visit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub rows: usize,
    pub dry_run: bool,
    /// Rows whose chart number was assigned (the column was empty).
    pub assigned_chart_numbers: usize,
}

/// One problem of an import, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: usize,
    pub problem: jeopsu_core::FieldProblem,
}

fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" | "" => Some(false),
        _ => None,
    }
}

/// The import file's columns, in the contract's order (README "Import"); `last_visit` may follow.
pub const IMPORT_COLUMNS: [&str; 10] = [
    "name",
    "birth_date",
    "rrn",
    "gender",
    "address",
    "phone",
    "mobile",
    "email",
    "chart_no",
    "marketing_consent",
];

/// Reads an import file's bytes (UTF-8 CSV, a BOM allowed, the header naming
/// [`IMPORT_COLUMNS`] in any order, `last_visit` optional) into rows for [`import`]. Bytes from
/// anywhere: a problem is an error naming the line, never a panic (the fuzz target
/// `import_csv` feeds it arbitrary bytes).
pub fn read_import_csv(bytes: &[u8]) -> Result<Vec<ImportRow>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| StoreError::InvalidInput(format!("not UTF-8 ({e})")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| StoreError::InvalidInput(format!("header: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut index = [0usize; 10];
    for (i, col) in IMPORT_COLUMNS.iter().enumerate() {
        index[i] = header.iter().position(|h| h == col).ok_or_else(|| {
            StoreError::InvalidInput(format!(
                "the header has no column {col:?} (expected {})",
                IMPORT_COLUMNS.join(",")
            ))
        })?;
    }
    // Optional: the last visit, so retention counts from it (a clinic moving from paper or
    // another program).
    let last_visit = header.iter().position(|h| h == "last_visit");
    let mut rows = vec![];
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let r = record.map_err(|e| StoreError::InvalidInput(format!("line {line}: {e}")))?;
        let f = |i: usize| r.get(index[i]).unwrap_or("").to_string();
        rows.push(ImportRow {
            line,
            input: PatientInput {
                name: f(0),
                birth_date: f(1),
                rrn: f(2),
                gender: f(3),
                address: f(4),
                phone: f(5),
                mobile: f(6),
                email: f(7),
                chart_no: f(8),
                service_status: String::new(),
            },
            marketing: f(9),
            last_visit: last_visit.and_then(|i| r.get(i)).unwrap_or("").to_string(),
        });
        if rows.len() > MAX_IMPORT_ROWS {
            return Err(StoreError::Invalid(vec![
                jeopsu_core::FieldProblem::new("file", "field-import-too-many")
                    .arg("max", MAX_IMPORT_ROWS),
            ]));
        }
    }
    Ok(rows)
}

/// Checks import rows the way [`import`] does before anything is written (fields, the
/// marketing answer, what a minor's import may carry, the last visit), without a database: for
/// the fuzz target and for tools. Returns the problems found. (What needs the database, repeats
/// of an RRN or a chart number, only [`import`] checks.)
pub fn check_import_rows(rows: &[ImportRow], today: NaiveDate) -> Vec<LineProblem> {
    let mut problems = vec![];
    for row in rows {
        let _ = check_row(row, today, &mut problems);
    }
    problems
}

/// One import row's own checks: the marketing answer, the fields, what a minor's import may
/// carry (docs/LAW.md "Minors": a minor's "yes" comes only from the legal representative, in
/// the guardian step), the last visit. Problems go to `problems`; with valid fields, the row's
/// patient, the marketing answer and the last visit.
fn check_row(
    row: &ImportRow,
    today: NaiveDate,
    problems: &mut Vec<LineProblem>,
) -> Option<(ValidPatient, bool, Option<NaiveDate>)> {
    use jeopsu_core::FieldProblem as P;
    let mut add = |problem| {
        problems.push(LineProblem {
            line: row.line,
            problem,
        })
    };
    let marketing = yes_no(&row.marketing);
    if marketing.is_none() {
        add(P::new("marketing_consent", "field-yes-no"));
    }
    let v = match row.input.validate(today) {
        Ok(v) => v,
        Err(ps) => {
            ps.into_iter().for_each(add);
            return None;
        }
    };
    let granted = marketing.unwrap_or(false);
    if let Err(problem) = jeopsu_core::consent::may_grant(
        Age::on(v.birth_date, today),
        consents::Signer::Import,
        granted,
    ) {
        add(P::new("marketing_consent", problem.message_id));
    }
    let last_visit = if row.last_visit.trim().is_empty() {
        None
    } else {
        match jeopsu_core::field::date("last_visit", &row.last_visit) {
            Ok(d) if d > today || d < v.birth_date => {
                add(P::new("last_visit", "field-last-visit-range"));
                None
            }
            Ok(d) => Some(d),
            Err(problem) => {
                add(problem);
                None
            }
        }
    };
    Some((v, granted, last_visit))
}

/// Imports patients all or nothing: every row is checked first (fields, repeated RRNs or chart
/// numbers within the file, RRNs or chart numbers already registered), and any problem aborts
/// the import with every problem listed by line and field. With `dry_run` nothing is written.
/// `progress(done, total)` is called as rows are checked and written.
/// The most rows one import takes: more than any clinic's patient list (the benchmarks import
/// 200,000). A larger file is refused whole, saying so.
pub const MAX_IMPORT_ROWS: usize = 300_000;
/// The largest import file read (64 MiB; 300,000 rows of a full record are about 45 MB).
pub const MAX_IMPORT_BYTES: u64 = 64 << 20;

pub fn import(
    store: &mut Store,
    actor: &Actor,
    rows: &[ImportRow],
    dry_run: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    use jeopsu_core::FieldProblem as P;
    if rows.len() > MAX_IMPORT_ROWS {
        return Err(StoreError::Invalid(vec![
            P::new("file", "field-import-too-many").arg("max", MAX_IMPORT_ROWS),
        ]));
    }
    let today = today(store);
    let keys = RrnKeys::of(store);
    let total = rows.len();
    let mut problems = vec![];
    let mut valid = Vec::with_capacity(rows.len());
    let mut seen_rrn: HashMap<Vec<u8>, usize> = HashMap::with_capacity(rows.len());
    let mut seen_chart: HashMap<String, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if let Some((v, granted, last_visit)) = check_row(row, today, &mut problems) {
            let mac = keys.mac(&v.rrn);
            if let Some(first) = seen_rrn.insert(mac.clone(), row.line) {
                problems.push(LineProblem {
                    line: row.line,
                    problem: P::new("rrn", "field-rrn-repeated").arg("line", first),
                });
            }
            if let Some(no) = &v.chart_no
                && let Some(first) = seen_chart.insert(no.clone(), row.line)
            {
                problems.push(LineProblem {
                    line: row.line,
                    problem: P::new("chart_no", "field-chart-no-repeated").arg("line", first),
                });
            }
            valid.push((row.line, v, mac, granted, last_visit));
        }
        if i % 1000 == 0 {
            progress(i, total);
        }
    }
    // Against what is registered already, then the rows written, in one transaction: what was
    // checked is what is written (nobody registers meanwhile), and any problem writes nothing.
    let outcome = store.write(|tx| {
        for (line, v, mac, _, _) in &valid {
            if let Some(chart_no) = existing_with_rrn(tx, mac, None)? {
                problems.push(LineProblem {
                    line: *line,
                    problem: P::new("rrn", "field-rrn-registered").arg("chart_no", chart_no),
                });
            }
            if let Some(no) = &v.chart_no
                && chart_no_taken(tx, no)?
            {
                problems.push(LineProblem {
                    line: *line,
                    problem: P::new("chart_no", "field-chart-no-taken"),
                });
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Ok(Err(std::mem::take(&mut problems)));
        }
        let report = ImportReport {
            rows: valid.len(),
            dry_run,
            assigned_chart_numbers: valid
                .iter()
                .filter(|(_, v, _, _, _)| v.chart_no.is_none())
                .count(),
        };
        if dry_run {
            // A check reads every row: it is logged like the import it stands for.
            tx.log(
                Entry::new(Action::ImportChecked, actor)
                    .detail(serde_json::json!({ "rows": valid.len() })),
            )?;
            return Ok(Ok(report));
        }
        let now = time::to_stored(tx.now());
        let who = actor.to_log_text();
        let mut numbers = ChartNumbers::start(tx)?;
        numbers.reserved = seen_chart.keys().cloned().collect();
        let first_id = next_patient_id(tx)?;
        let mut logged = Vec::with_capacity(valid.len() + 1);
        let rows = (first_id..).zip(valid.iter().enumerate());
        for (id, (i, (_, v, mac, marketing, last_visit))) in rows {
            let chart_no = match &v.chart_no {
                Some(no) => no.clone(),
                None => numbers.next(tx)?,
            };
            insert_row(tx, &keys, v, mac, &chart_no, id)?;
            if let Some(day) = last_visit {
                crate::visits::record_imported(tx, actor, id, *day)?;
            }
            tx.conn()
                .prepare_cached(
                    "INSERT INTO consents (patient_id, item, granted, signer, method, recorded_at, actor)
                     VALUES (?1, 'marketing', ?2, 'import', 'import', ?3, ?4)",
                )?
                .execute(params![id, marketing, now, who])?;
            logged.push(
                Entry::new(Action::PatientRegistered, actor)
                    .subject(Subject::patient(id))
                    .detail(serde_json::json!({ "import": true })),
            );
            if i % 1000 == 0 {
                progress(i, total);
            }
        }
        numbers.finish(tx)?;
        logged.push(
            Entry::new(Action::PatientsImported, actor)
                .detail(serde_json::json!({ "rows": valid.len() })),
        );
        // A row per patient and one for the import, the chain's head written once.
        tx.log_all(logged)?;
        Ok(Ok(report))
    })?;
    let report = outcome.map_err(StoreError::ImportRejected)?;
    progress(total, total);
    Ok(report)
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
        let outcome = Store::init(
            &dir,
            crate::InitOptions {
                vault: Some(vault),
                actor: &actor,
                kdf: crate::vault::KdfParams {
                    m_cost_kib: 256,
                    t_cost: 1,
                    p_cost: 1,
                },
            },
        )
        .unwrap();
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
