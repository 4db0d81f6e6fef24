//! Every paper and export flow as one function: what it reads, the log row it writes, the
//! bytes and the file name. The app prints them through its private print folder or saves them
//! into a folder the staff member chose; the CLI writes them where `--out` says.

use crate::ApiResult as Result;
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::consent::offered_texts;
use jeopsu_core::guardian::{Guardian, GuardianInput};
use jeopsu_core::time;
use jeopsu_forms::{
    ConsentCopy, ConsentCopyItem, ConsentForm, DecisionNotice, FilledRequest, FormKind,
    FormPatient, LedgerDoc, PrivacyNotice, RequestForm, Signed,
};
use jeopsu_i18n::{Lang, Texts};
use jeopsu_store::audit::Entry;
use jeopsu_store::cctv::{self, LedgerQuery};
use jeopsu_store::patients::{self, PatientRecord};
use jeopsu_store::{Store, StoreError, consents, guardians, privacy, settings, staff};

/// A document made: its bytes and the file name it is saved or printed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    pub bytes: Vec<u8>,
    pub file_name: String,
}

/// When something was recorded, in Seoul minutes (empty for a stored time that does not read).
fn minutes(stored: &str) -> String {
    time::stored_as_minutes(stored).unwrap_or_default()
}

// ---- patients ----------------------------------------------------------------------------

/// The patient's consent copy (every decision, with the wording each was given on), for the
/// patient to take home. Reads the record (logged as a read) and logs the printing.
pub fn consent_copy(
    store: &mut Store,
    actor: &Actor,
    lang: Lang,
    patient_id: i64,
) -> Result<Paper> {
    let rec = patients::open(store, actor, patient_id)?;
    let clinic = settings::clinic_profile(store)?.name;
    let mut items = vec![];
    for c in &rec.consents {
        let text = match &c.text_hash {
            Some(h) => consents::text(store, h)?,
            None => None,
        };
        items.push(ConsentCopyItem {
            item: c.item,
            granted: c.granted,
            withdrawal: c.is_withdrawal(&rec.consents),
            text,
            signer: c.signer,
            method: c.method,
            recorded: minutes(&c.recorded_at),
            taken_by: c.by.clone(),
        });
    }
    let printed = time::display_minutes(store.now());
    let copy = ConsentCopy {
        clinic_name: &clinic,
        patient_name: &rec.name,
        chart_no: &rec.chart_no,
        birth_date: &rec.birth_date,
        printed: &printed,
        guardian_pending: rec.guardian_consent_pending,
        items: &items,
    };
    let bytes = jeopsu_forms::consent_copy(&Texts::new(lang), &copy)?;
    store.write(|tx| {
        tx.log(Entry::new(Action::ConsentCopyPrinted, actor).subject(Subject::patient(patient_id)))
            .map(|_| ())
    })?;
    Ok(Paper {
        bytes,
        file_name: format!("jeopsu-consent-{}.pdf", rec.chart_no),
    })
}

fn form_patient(rec: &PatientRecord) -> FormPatient {
    FormPatient {
        name: rec.name.clone(),
        birth_date: rec.birth_date.clone(),
        chart_no: rec.chart_no.clone(),
        age: Some(rec.age.years),
    }
}

/// Guardians typed on screen but not saved yet, for a prefilled paper form: only those that
/// pass the checks are printed (a half-typed one is left blank for the pen).
fn typed_guardians(typed: &[GuardianInput], store: &Store) -> Vec<Guardian> {
    let now = time::seoul_local(store.now());
    typed
        .iter()
        .enumerate()
        .filter_map(|(i, g)| g.validate(i, now).ok())
        .collect()
}

/// A minor's consent form of `kind` for patient `patient_id`: prefilled for paper signing with
/// the guardians typed so far, or (`record_id`) the signed copy of that record, on the wording
/// and in the language it was signed on. Not logged: [`consent_form_printed`] and
/// [`signed_form_saved`] are the two uses, each with its row.
fn consent_form(
    store: &mut Store,
    actor: &Actor,
    lang: Lang,
    patient_id: i64,
    kind: FormKind,
    record_id: Option<i64>,
    typed: &[GuardianInput],
) -> Result<Paper> {
    let rec = patients::open(store, actor, patient_id)?;
    let clinic = settings::clinic_profile(store)?.name;
    let t = Texts::new(lang);
    let signed = match record_id {
        Some(rid) => Some(
            rec.signed_records
                .iter()
                .find(|s| s.id == rid)
                .cloned()
                .ok_or_else(|| StoreError::not_found(jeopsu_store::Thing::ConsentRecord, rid))?,
        ),
        None => None,
    };
    // A signed copy shows the wording it was signed on, in its language.
    let (items, notice, registration, t) = match &signed {
        Some(s) => {
            let (items, notice, registration) = guardians::wording(store, s, &rec.consents)?;
            (
                items,
                notice,
                registration,
                Lang::parse(&s.lang).map(Texts::new).unwrap_or(t),
            )
        }
        None => (
            offered_texts(
                settings::consent_policy(store)?,
                rec.age,
                &t.consent_texts(&clinic),
            ),
            t.minor_notice(&clinic),
            Some(t.registration_notice(&clinic)),
            t,
        ),
    };
    let guardians_on_form = match &signed {
        Some(s) => s.guardians.clone(),
        None => typed_guardians(typed, store),
    };
    let mut patient = form_patient(&rec);
    if let Some(s) = &signed {
        patient.age = Some(s.patient_age);
    }
    let form = ConsentForm {
        kind,
        clinic_name: &clinic,
        items: &items,
        notice: &notice,
        registration: registration.as_ref(),
        patient: Some(patient),
        guardians: guardians_on_form,
        signed: signed.as_ref().map(|s| Signed {
            record_id: s.id,
            decisions: rec
                .consents
                .iter()
                .filter(|c| c.record_id == Some(s.id))
                .map(|c| (c.item, c.granted))
                .collect(),
            teen_answers: s.teen_answers.clone(),
            minor_ack: s.minor_ack,
            signature: s.signature.as_ref(),
            paper_filed_at: s.paper_filed_at.clone(),
            signed_at: minutes(&s.recorded_at),
            witness: s.witness.clone(),
            companion: s.companion.clone(),
        }),
    };
    let bytes = jeopsu_forms::consent_form(&t, &form)?;
    Ok(Paper {
        bytes,
        file_name: format!("jeopsu-{}-{}.pdf", kind.as_str(), rec.chart_no),
    })
}

/// [`consent_form`] for printing (prefilled, or a signed copy to hand over); logs the printing.
pub fn consent_form_printed(
    store: &mut Store,
    actor: &Actor,
    lang: Lang,
    patient_id: i64,
    kind: FormKind,
    record_id: Option<i64>,
    typed: &[GuardianInput],
) -> Result<Paper> {
    let paper = consent_form(store, actor, lang, patient_id, kind, record_id, typed)?;
    store.write(|tx| {
        tx.log(
            Entry::new(Action::ConsentFormPrinted, actor)
                .subject(Subject::patient(patient_id))
                .detail(serde_json::json!({ "form": kind.as_str(), "record": record_id })),
        )
        .map(|_| ())
    })?;
    Ok(paper)
}

/// The signed guardian-consent copy of `record_id`, to be saved as a file outside the app
/// (it leaves the app's care): the reason is checked first (core's one rule), and the saving
/// is logged with it.
pub fn signed_form_saved(
    store: &mut Store,
    actor: &Actor,
    lang: Lang,
    patient_id: i64,
    record_id: i64,
    reason: &str,
) -> Result<Paper> {
    let reason =
        jeopsu_core::field::reason("reason", reason).map_err(|p| StoreError::Invalid(vec![p]))?;
    let paper = consent_form(
        store,
        actor,
        lang,
        patient_id,
        FormKind::Guardian,
        Some(record_id),
        &[],
    )?;
    store.write(|tx| {
        tx.log(
            Entry::new(Action::FormSaved, actor)
                .subject(Subject::patient(patient_id))
                .reason(&reason)
                .detail(serde_json::json!({ "record": record_id, "file": paper.file_name })),
        )
        .map(|_| ())
    })?;
    Ok(paper)
}

/// A blank consent form of `kind` for paper use: no personal data, so nothing is logged.
pub fn blank_form(store: &Store, lang: Lang, kind: FormKind) -> Result<Paper> {
    let clinic = settings::clinic_profile(store)?.name;
    let (bytes, _) = jeopsu_forms::blank_form(&Texts::new(lang), kind, &clinic)?;
    Ok(Paper {
        bytes,
        file_name: format!("jeopsu-{}-blank.pdf", kind.as_str()),
    })
}

// ---- CCTV ----------------------------------------------------------------------------------

/// The management ledger's two file kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerFormat {
    Pdf,
    Csv,
}

impl LedgerFormat {
    pub fn parse(text: &str) -> Result<LedgerFormat> {
        match text {
            "pdf" => Ok(LedgerFormat::Pdf),
            "csv" => Ok(LedgerFormat::Csv),
            other => Err(StoreError::InvalidInput(format!("format {other}")).into()),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerFormat::Pdf => "pdf",
            LedgerFormat::Csv => "csv",
        }
    }
}

/// The CCTV management ledger (개인영상정보 관리대장) for the days of `q`, as PDF or CSV. The
/// reason is checked by core's one rule; the export is logged with it, where it goes
/// (`target`, the CLI's `--out`; `None`: the file name) and how many rows left the app.
/// Returns the paper and that number of rows.
pub fn cctv_ledger(
    store: &mut Store,
    actor: &Actor,
    lang: Lang,
    q: &LedgerQuery,
    format: LedgerFormat,
    reason: &str,
    target: Option<&str>,
) -> Result<(Paper, usize)> {
    let file_name = format!("jeopsu-cctv-ledger-{}-{}.{}", q.from, q.to, format.as_str());
    let target = target.unwrap_or(&file_name);
    let export = cctv::ledger_export(store, actor, q, format.as_str(), target, reason)?;
    let texts = Texts::new(lang);
    let bytes = match format {
        LedgerFormat::Csv => jeopsu_forms::ledger_csv(&texts, &export.rows, &export.answers),
        LedgerFormat::Pdf => {
            let clinic = settings::clinic_profile(store)?.name;
            let printed_by = staff::as_read(store, actor)?;
            jeopsu_forms::ledger_pdf(
                &texts,
                &LedgerDoc {
                    clinic_name: &clinic,
                    from: &q.from.to_string(),
                    to: &q.to.to_string(),
                    rows: &export.rows,
                    answers: &export.answers,
                    printed_at: &time::display_minutes(store.now()),
                    printed_by: &printed_by,
                },
            )
        }
    }?;
    Ok((Paper { bytes, file_name }, export.rows.len()))
}

/// The CCTV forms: `request` (request `id`'s filled request form, or the blank one when `id`
/// is `None`) or `notice` (request `id`'s decision notice). Logs the printing.
pub fn cctv_form(
    store: &mut Store,
    actor: &Actor,
    lang: Lang,
    id: Option<i64>,
    form: &str,
) -> Result<Paper> {
    let texts = Texts::new(lang);
    let clinic = settings::clinic_profile(store)?.name;
    let setup = cctv::setup(store)?;
    let view = id.map(|id| cctv::open(store, actor, id)).transpose()?;
    let today = time::seoul_date(store.now()).to_string();
    let (bytes, file_name) = match (form, &view) {
        ("request", v) => {
            let filled = v.as_ref().map(|v| FilledRequest {
                id: v.summary.id,
                request: &v.request,
                received_by: &v.received_by,
                due: &v.summary.due,
            });
            let name = match &filled {
                Some(f) => format!("jeopsu-cctv-request-{}.pdf", f.id),
                None => "jeopsu-cctv-request-blank.pdf".to_string(),
            };
            let form = RequestForm {
                clinic_name: &clinic,
                setup: &setup,
                filled,
            };
            (jeopsu_forms::cctv_request_form(&texts, &form), name)
        }
        ("notice", Some(v)) => {
            let decision = v.progress.decision.as_ref().ok_or_else(|| {
                StoreError::Conflict(format!("request {} is not decided", v.summary.id))
            })?;
            let n = DecisionNotice {
                clinic_name: &clinic,
                setup: &setup,
                id: v.summary.id,
                request: &v.request,
                decision,
                appointment: v.progress.appointment.as_deref(),
                date: &today,
            };
            (
                jeopsu_forms::decision_notice(&texts, &n),
                format!("jeopsu-cctv-notice-{}.pdf", v.summary.id),
            )
        }
        (other, _) => return Err(StoreError::InvalidInput(format!("form {other}")).into()),
    };
    let bytes = bytes?;
    cctv::form_printed(store, actor, form, id)?;
    Ok(Paper { bytes, file_name })
}

// ---- privacy requests ----------------------------------------------------------------------

/// The formats of a subject's copy of their data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyFormat {
    Pdf,
    Json,
}

impl CopyFormat {
    pub fn parse(text: &str) -> Result<CopyFormat> {
        match text {
            "pdf" => Ok(CopyFormat::Pdf),
            "json" => Ok(CopyFormat::Json),
            other => Err(StoreError::InvalidInput(format!("format {other}")).into()),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            CopyFormat::Pdf => "pdf",
            CopyFormat::Json => "json",
        }
    }
}

/// A patient's copy of everything the clinic holds about them (an access request's answer),
/// as PDF or JSON. The reason is checked by core's one rule; the export is logged with it and
/// where it goes (`target`; `None`: the file name).
pub fn subject_copy(
    store: &mut Store,
    actor: &Actor,
    lang: Lang,
    patient_id: i64,
    format: CopyFormat,
    reason: &str,
    target: Option<&str>,
) -> Result<Paper> {
    let chart_no = patients::chart_no_of(store, patient_id)?;
    let file_name = format!("jeopsu-subject-copy-{chart_no}.{}", format.as_str());
    let target = target.unwrap_or(&file_name);
    let export =
        privacy::export_subject(store, actor, patient_id, format.as_str(), target, reason)?;
    let value = serde_json::to_value(&export)?;
    let bytes = match format {
        CopyFormat::Json => serde_json::to_vec_pretty(&value)?,
        CopyFormat::Pdf => {
            let clinic = settings::clinic_profile(store)?.name;
            jeopsu_forms::subject_copy(&Texts::new(lang), &clinic, &value)?
        }
    };
    Ok(Paper { bytes, file_name })
}

/// The written answer to privacy request `id` (or, while it is deferred, the latest deferral:
/// the person is told why and when). The request is opened (logged as a read).
pub fn privacy_notice(store: &mut Store, actor: &Actor, lang: Lang, id: i64) -> Result<Paper> {
    let profile = settings::clinic_profile(store)?;
    let v = privacy::open(store, actor, id)?;
    let answer = v
        .answer
        .as_ref()
        .or(v.deferrals.last())
        .ok_or_else(|| StoreError::Conflict(format!("privacy request {id} is not answered")))?;
    let n = PrivacyNotice {
        clinic_name: &profile.name,
        officer: &profile.privacy_officer,
        officer_contact: &profile.privacy_officer_contact,
        id,
        chart_no: &v.summary.chart_no,
        request: &v.request,
        answer,
        date: &time::seoul_date(store.now()).to_string(),
    };
    let bytes = jeopsu_forms::privacy_notice(&Texts::new(lang), &n)?;
    Ok(Paper {
        bytes,
        file_name: format!("jeopsu-privacy-notice-{id}.pdf"),
    })
}

/// The patient id of privacy request `id` (its copy is made by [`subject_copy`]).
pub fn privacy_request_patient(store: &mut Store, actor: &Actor, id: i64) -> Result<i64> {
    Ok(privacy::open(store, actor, id)?.summary.patient_id)
}
