//! Registering a patient: the stored columns, chart numbers, the duplicate checks, the insert
//! with its sealed RRN and search index entry, and the consents given at the desk.

use super::*;
use jeopsu_core::field::FieldMessage;

/// How a valid patient is stored: every column but the chart number and the creation time,
/// shared by registering and correcting so the two can never store a field differently.
pub(super) struct Columns<'a> {
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
    pub(super) const NAMES: [&'static str; 15] = [
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
    pub(super) fn of(
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
    pub(super) fn named(&self) -> Vec<(&'static str, &dyn rusqlite::ToSql)> {
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
pub(super) fn index(tx: &Tx<'_>, id: i64, v: &ValidPatient) -> Result<()> {
    tx.conn()
        .prepare_cached("INSERT INTO patient_search (rowid, name, digits) VALUES (?1, ?2, ?3)")?
        .execute(params![id, v.name, search_digits(v)])?;
    Ok(())
}

pub(super) fn chart_format(tx: &Tx<'_>) -> Result<String> {
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
pub(super) struct ChartNumbers {
    format: String,
    year: i32,
    next: i64,
    taken: i64,
    /// Numbers not to hand out though no row has them yet: an import's own chart numbers, for
    /// rows written after the ones numbered here.
    pub(super) reserved: std::collections::HashSet<String>,
    /// Every chart number the database held when [`ChartNumbers::read_registered`] read them,
    /// sorted: an import asks this instead of the database for each row. `None`: ask the
    /// database.
    registered: Option<Vec<String>>,
}

impl ChartNumbers {
    pub(super) fn start(tx: &Tx<'_>) -> Result<ChartNumbers> {
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
            registered: None,
        })
    }

    /// Reads every chart number in the database once, for [`ChartNumbers::taken`] to answer
    /// from. Right for an import: the numbers it hands out are never the file's own
    /// (`reserved`), so what it writes never makes a number taken that it will ask about.
    pub(super) fn read_registered(&mut self, tx: &Tx<'_>) -> Result<()> {
        let mut numbers = tx
            .conn()
            .prepare("SELECT chart_no FROM patients")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        numbers.sort_unstable();
        self.registered = Some(numbers);
        Ok(())
    }

    /// Whether a patient has `no`: from what [`ChartNumbers::read_registered`] read, or else
    /// from the database.
    pub(super) fn taken(&self, tx: &Tx<'_>, no: &str) -> Result<bool> {
        match &self.registered {
            Some(numbers) => Ok(numbers.binary_search_by(|n| n.as_str().cmp(no)).is_ok()),
            None => chart_no_taken(tx, no),
        }
    }

    /// The next free number.
    pub(super) fn next(&mut self, tx: &Tx<'_>) -> Result<String> {
        loop {
            let seq = self.next;
            self.next += 1;
            self.taken += 1;
            let no = chart::render(&self.format, self.year, u64::try_from(seq).unwrap_or(0))
                .ok_or_else(|| {
                    StoreError::Internal(format!("chart number format {:?}", self.format))
                })?;
            if !self.reserved.contains(&no) && !self.taken(tx, &no)? {
                return Ok(no);
            }
        }
    }

    /// Writes the counter back (nothing when no number was handed out).
    pub(super) fn finish(self, tx: &Tx<'_>) -> Result<()> {
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

pub(super) fn chart_no_taken(tx: &Tx<'_>, no: &str) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM patients WHERE chart_no = ?1)")?
        .query_row([no], |r| r.get(0))?)
}

pub(super) fn hits_for(
    tx: &Tx<'_>,
    ids: &[i64],
    today: NaiveDate,
) -> Result<HashMap<i64, PatientHit>> {
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
pub(super) fn possible_duplicates(
    tx: &Tx<'_>,
    v: &ValidPatient,
    except: Option<i64>,
) -> Result<Vec<i64>> {
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

pub(super) fn existing_with_rrn(
    tx: &Tx<'_>,
    mac: &[u8],
    except: Option<i64>,
) -> Result<Option<String>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT chart_no FROM patients WHERE rrn_mac = ?1 AND id IS NOT ?2")?
        .query_row(params![mac, except], |r| r.get(0))
        .optional()?)
}

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
    ids_given_up_to(tx, id)?;
    Ok(Registered { id, chart_no })
}

/// The id the next patient row gets: known before the insert, so the RRN is sealed bound to it
/// in the same statement (inside a write transaction nobody else inserts meanwhile). Never an
/// id a destroyed patient had: the access log keeps rows about `patient:<id>` for two years, and
/// a new patient given that id would inherit them in the review and in their own export. So it
/// counts past the highest id ever given (the `patient_id` counter, [`ids_given_up_to`]), not
/// only past the rows there are now.
pub(super) fn next_patient_id(tx: &Tx<'_>) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT max(coalesce((SELECT max(id) FROM patients), 0),
                        coalesce((SELECT value FROM counters WHERE name = 'patient_id'), 0)) + 1",
        )?
        .query_row([], |r| r.get(0))?)
}

/// Records that patient ids up to `id` have been given (after an insert, or once after an
/// import), for [`next_patient_id`].
pub(super) fn ids_given_up_to(tx: &Tx<'_>, id: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO counters (name, value) VALUES ('patient_id', ?1)
             ON CONFLICT (name) DO UPDATE SET value = max(value, ?1)",
        )?
        .execute([id])?;
    Ok(())
}

/// The `INSERT` of a new patient row (every column of [`Columns`], the chart number, the id).
pub(super) static INSERT_PATIENT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "INSERT INTO patients (id, chart_no, created_at, {}) VALUES (:id, :chart_no, :updated_at, {})",
        Columns::NAMES.join(", "),
        Columns::NAMES.map(|n| format!(":{n}")).join(", ")
    )
});

/// Writes a checked patient as row `id` with its sealed RRN (bound to `id`) and its search
/// index entry. The caller has checked the RRN and the chart number are free.
pub(super) fn insert_row(
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
pub(super) fn log_refused_duplicate<T>(
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

pub(super) fn check_consents(age: Age, consents: &[ConsentDecision]) -> Result<()> {
    if age.minor && !consents.is_empty() {
        return Err(StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
            ConsentItem::Marketing.field(),
            FieldMessage::ConsentGuardian,
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
