//! The subject's copy of everything held about them, logged with its reason.

use super::*;

/// Everything held about one patient, for their access request: the record (RRN masked),
/// consents, guardians and corrections, their privacy requests and answers, legal holds, and
/// the access-log rows about them.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectExport {
    /// When it was made, `YYYY-MM-DD HH:MM`, Seoul time.
    pub exported_at: String,
    /// The patient's record, the RRN masked.
    pub patient: PatientRecord,
    /// Their privacy requests and the answers.
    pub requests: Vec<PrivacyView>,
    /// Legal holds, in force or lifted.
    pub holds: Vec<Hold>,
    /// The day after which the record is destroyed, `YYYY-MM-DD` (counted from the last visit,
    /// or the registration); `None` when no day to count from can be read.
    pub kept_until: Option<String>,
    /// The access-log rows about the patient.
    pub access_log: Vec<audit::Row>,
}

/// Gathers a patient's export for `target` (a file name) with the reason it is made; the export
/// and its reason are logged in the same transaction.
pub fn export_subject(
    store: &mut Store,
    actor: &Actor,
    patient_id: i64,
    format: &str,
    target: &str,
    reason: &str,
) -> Result<SubjectExport> {
    // Core's one rule for a reason, as every other copy taken out (it was a plain text check).
    let reason =
        jeopsu_core::field::reason("reason", reason).map_err(|p| StoreError::Invalid(vec![p]))?;
    store.write(|tx| {
        let patient = record_in(tx, patient_id)?;
        // Only the requests made under this patient's chart number: a database from before
        // patient ids counted past destroyed ones (migration 0014) may have given this patient
        // the id of a destroyed one, whose requests are kept after the record (3 years) under
        // the same id, but under another chart number (a number is never given twice).
        let ids = {
            let mut stmt = tx.conn().prepare(
                "SELECT id FROM privacy_requests WHERE patient_id = ?1 AND chart_no = ?2
                 ORDER BY id",
            )?;
            stmt.query_map(rusqlite::params![patient_id, patient.chart_no], |r| {
                r.get::<_, i64>(0)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let requests = ids
            .into_iter()
            .map(|id| load(tx, id))
            .collect::<Result<Vec<_>>>()?;
        let access_log = audit::about_patient(tx.conn(), patient_id)?;
        let years = years_of(&rules_in(tx.conn())?, Category::PatientList);
        let kept_until = last_event(tx, patient_id)?
            .map(|d| jeopsu_core::privacy::kept_until(d, years).to_string());
        let out = SubjectExport {
            exported_at: minute_text(seoul_now(tx)),
            holds: holds_in(tx, patient_id)?,
            patient,
            requests,
            kept_until,
            access_log,
        };
        tx.log(
            Entry::new(Action::SubjectExported, actor)
                .subject(Subject::patient(patient_id))
                .reason(&reason)
                .detail(serde_json::json!({ "format": format, "file": target })),
        )?;
        Ok(out)
    })
}
