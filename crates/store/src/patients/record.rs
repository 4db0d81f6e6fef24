//! Opening a record (logged), correcting it (the fields changed, logged), revealing the RRN
//! with a reason.

use super::*;

/// The age of a stored birth date today. An unreadable one is an integrity failure, never a
/// silent default (a default age would make a minor look like an adult).
pub(super) fn stored_age(patient_id: i64, birth: &str, today: NaiveDate) -> Result<Age> {
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
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::Patient, id))?;
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
                    consent_offers: vec![],
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
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::Patient, id))?;
    rec.age = stored_age(id, &rec.birth_date, today)?;
    let names = crate::staff::StaffNames::load(tx.conn())?;
    let mut stmt = tx.conn().prepare_cached(
        "SELECT at, actor, fields FROM patient_corrections WHERE patient_id = ?1 ORDER BY id",
    )?;
    rec.corrections = stmt
        .query_map([id], |r| {
            let actor: String = r.get(1)?;
            let fields: String = r.get(2)?;
            Ok(Correction {
                at: r.get(0)?,
                by: names.who(&actor),
                actor,
                fields: serde_json::from_str(&fields).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rec.consents = consents::history(tx, id, &names)?;
    rec.signed_records = crate::guardians::records_in(tx, id, &names)?;
    // The guardian step is the signed record itself: under 14 it may carry no optional item.
    rec.guardian_consent_pending =
        jeopsu_core::consent::guardian_step_pending(rec.age, rec.signed_records.len());
    let decisions: Vec<_> = rec
        .consents
        .iter()
        .map(|c| (c.item, c.signer, c.granted))
        .collect();
    rec.adult_consent_due = jeopsu_core::consent::adult_decision_due(rec.age, &decisions);
    let in_force: Vec<_> = consents::current(&rec.consents)
        .iter()
        .map(|c| (c.item, c.granted))
        .collect();
    rec.consent_offers = jeopsu_core::consent::record_offers(rec.age, &in_force);
    rec.offered_items =
        jeopsu_core::consent::offered_items(crate::settings::consent_policy(tx)?, rec.age);
    rec.visits = crate::visits::of_patient(tx, id)?;
    rec.appointments = crate::appointments::upcoming(tx, id)?;
    Ok(rec)
}

/// The patient id of a chart number (no record is read, nothing is logged).
pub fn id_of(store: &mut Store, chart_no: &str) -> Result<i64> {
    store.write(|tx| id_of_chart(tx, chart_no))
}

/// The patient id of a chart number typed into a form or a command (spaces around it ignored):
/// an unknown number is a problem of the `chart_no` field, said as such on screen and in the CLI.
pub fn id_of_input(store: &mut Store, chart_no: &str) -> Result<i64> {
    id_of(store, chart_no.trim()).map_err(|e| match e {
        StoreError::NotFound(_) => StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
            "chart_no",
            jeopsu_core::field::FieldMessage::ChartUnknown,
        )]),
        other => other,
    })
}

/// The chart number of patient `id` (no record is read, nothing is logged): for naming a file.
pub fn chart_no_of(store: &mut Store, id: i64) -> Result<String> {
    store.write(|tx| chart_no_of_id(tx, id))
}

pub(super) fn chart_no_of_id(tx: &Tx<'_>, id: i64) -> Result<String> {
    tx.conn()
        .prepare_cached("SELECT chart_no FROM patients WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::Patient, id))
}

pub(super) fn id_of_chart(tx: &Tx<'_>, chart_no: &str) -> Result<i64> {
    tx.conn()
        .query_row(
            "SELECT id FROM patients WHERE chart_no = ?1",
            [chart_no.trim().to_uppercase()],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::ChartNumber, chart_no.trim()))
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
pub(super) fn changed_fields(
    old: &PatientRecord,
    old_rrn: &Rrn,
    v: &ValidPatient,
) -> Vec<&'static str> {
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
    debug_assert!(
        f.iter()
            .all(|x| jeopsu_core::patient::CORRECTABLE_FIELDS.contains(x))
    );
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
pub(super) fn log_correction<S: Serialize>(
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
            .ok_or_else(|| StoreError::not_found(crate::error::Thing::Patient, id))?;
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
