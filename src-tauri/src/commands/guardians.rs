//! The guardian step for a minor: the wording to show, recording the legal representative's
//! consent (pad or paper), and printing the forms (prefilled for paper signing, the signed copy,
//! blank). Each command: session and permission, one call into jeopsu-store / jeopsu-forms.

use super::ipc;
use crate::dto::{GuardianTexts, PatientView};
use crate::error::IpcResult;
use crate::state::{AppState, Inner};
use jeopsu_core::Permission;
use jeopsu_core::audit::{Action, Subject};
use jeopsu_core::consent::offered_texts;
use jeopsu_core::guardian::Guardian;
use jeopsu_core::guardian::{GuardianConsentInput, GuardianInput};
use jeopsu_core::patient::Age;
use jeopsu_forms::{ConsentForm, FormKind, FormPatient, Signed};
use jeopsu_i18n::{Lang, Texts};
use jeopsu_store::patients::{self, PatientRecord};
use jeopsu_store::{Store, StoreError, guardians, settings};
use tauri::State;

/// The wording current now for a patient of `age`: core decides which optional items are
/// offered (none under 14).
fn texts_for(lang: Lang, store: &Store, age: Age) -> Result<GuardianTexts, StoreError> {
    let clinic = settings::clinic_profile(store)?.name;
    let t = Texts::new(lang);
    Ok(GuardianTexts {
        items: offered_texts(
            settings::consent_policy(store.conn())?,
            age,
            &t.consent_texts(&clinic),
        ),
        notice: t.minor_notice(&clinic),
        registration: t.registration_notice(&clinic),
        relationships: jeopsu_core::guardian::Relationship::REPRESENTATIVES.to_vec(),
        authorisations: jeopsu_core::guardian::Authorisation::ALL.to_vec(),
    })
}

/// The wording of the guardian step for patient `id` (no record is read: only the age).
#[tauri::command]
pub fn guardian_texts(state: State<'_, AppState>, id: i64) -> IpcResult<GuardianTexts> {
    let mut inner = state.lock();
    let lang = inner.lang;
    let r = inner
        .require(Some(Permission::EditPatients))
        .and_then(|(_, store)| {
            let age = patients::age_of(store, id)?;
            texts_for(lang, store, age)
        });
    ipc(&inner, r)
}

/// Records the legal representative's consent for patient `id` (checked against the wording
/// current now, in the UI's language) and returns the updated record.
#[tauri::command(async)]
pub fn guardian_consent(
    state: State<'_, AppState>,
    id: i64,
    input: GuardianConsentInput,
) -> IpcResult<PatientView> {
    let mut inner = state.lock();
    let lang = inner.lang;
    let r = inner
        .require(Some(Permission::EditPatients))
        .and_then(|(actor, store)| {
            let age = patients::age_of(store, id)?;
            let texts = texts_for(lang, store, age)?;
            guardians::record(
                store,
                &actor,
                id,
                &input,
                &texts.items,
                &texts.notice,
                &texts.registration,
            )?;
            patients::open(store, &actor, id)
        })
        .map(PatientView::from);
    ipc(&inner, r)
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
    let now = jeopsu_core::time::seoul_local(store.now());
    typed
        .iter()
        .enumerate()
        .filter_map(|(i, g)| g.validate(i, now).ok())
        .collect()
}

/// What to print: a form for patient `id`, prefilled with the guardians typed so far, or the
/// signed copy of `record_id`.
fn render(
    inner: &mut Inner,
    id: i64,
    kind: &str,
    record_id: Option<i64>,
    typed: &[GuardianInput],
) -> Result<(Vec<u8>, String), StoreError> {
    let lang = inner.lang;
    let kind = FormKind::parse(kind)
        .ok_or_else(|| StoreError::InvalidInput(format!("unknown form {kind}")))?;
    let (actor, store) = inner.require(Some(Permission::EditPatients))?;
    let rec = patients::open(store, &actor, id)?;
    let clinic = settings::clinic_profile(store)?.name;
    let t = Texts::new(lang);
    let signed = match record_id {
        Some(rid) => Some(
            rec.signed_records
                .iter()
                .find(|s| s.id == rid)
                .cloned()
                .ok_or_else(|| StoreError::NotFound(format!("consent record {rid}")))?,
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
                settings::consent_policy(store.conn())?,
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
            signed_at: jeopsu_core::time::from_stored(&s.recorded_at)
                .map(jeopsu_core::time::display_minutes)
                .unwrap_or_default(),
            witness: crate::dto::staff_of(&s.actor),
            companion: s.companion.clone(),
        }),
    };
    let bytes =
        jeopsu_forms::consent_form(&t, &form).map_err(|e| StoreError::Internal(e.to_string()))?;
    store.write(|tx| {
        tx.log(
            jeopsu_store::audit::Entry::new(Action::ConsentFormPrinted, &actor)
                .subject(Subject::patient(id))
                .detail(serde_json::json!({ "form": kind.as_str(), "record": record_id })),
        )
        .map(|_| ())
    })?;
    Ok((
        bytes,
        format!("jeopsu-{}-{}.pdf", kind.as_str(), rec.chart_no),
    ))
}

/// Prints a consent form for patient `id` through the private print folder (removed on lock and
/// exit); logged.
#[tauri::command(async)]
pub fn guardian_print(
    state: State<'_, AppState>,
    id: i64,
    kind: String,
    record_id: Option<i64>,
    guardians: Vec<GuardianInput>,
) -> IpcResult<String> {
    let mut inner = state.lock();
    let r = render(&mut inner, id, &kind, record_id, &guardians).and_then(|(bytes, name)| {
        let path = inner.prints.write(&name, &bytes)?;
        crate::print::open_in_viewer(&path)?;
        Ok(path.display().to_string())
    });
    ipc(&inner, r)
}

/// Saves the signed copy of `record_id` as a PDF in a folder the staff member names, with the
/// reason they give; the saving and the reason are logged (a saved copy leaves the app's care).
#[tauri::command(async)]
pub fn guardian_save_pdf(
    state: State<'_, AppState>,
    id: i64,
    record_id: i64,
    folder: String,
    reason: String,
) -> IpcResult<String> {
    let mut inner = state.lock();
    let r = save_pdf(&mut inner, id, record_id, &folder, &reason);
    ipc(&inner, r)
}

fn save_pdf(
    inner: &mut Inner,
    id: i64,
    record_id: i64,
    folder: &str,
    reason: &str,
) -> Result<String, StoreError> {
    let reason = crate::print::reason(reason)?;
    let (bytes, name) = render(inner, id, "guardian-consent", Some(record_id), &[])?;
    let path = crate::print::save_into(folder, &name, &bytes)?;
    let (actor, store) = inner.require(Some(Permission::EditPatients))?;
    store.write(|tx| {
        tx.log(
            jeopsu_store::audit::Entry::new(Action::FormSaved, &actor)
                .subject(Subject::patient(id))
                .reason(&reason)
                .detail(serde_json::json!({ "record": record_id, "file": name })),
        )
        .map(|_| ())
    })?;
    Ok(path.display().to_string())
}

/// A blank form (no personal data) for paper use.
#[tauri::command(async)]
pub fn forms_print_blank(state: State<'_, AppState>, kind: String) -> IpcResult<String> {
    let mut inner = state.lock();
    let lang = inner.lang;
    let r = (|| {
        let kind = FormKind::parse(&kind)
            .ok_or_else(|| StoreError::InvalidInput(format!("unknown form {kind}")))?;
        let (_, store) = inner.require(Some(Permission::EditPatients))?;
        let clinic = settings::clinic_profile(store)?.name;
        let (bytes, _) = jeopsu_forms::blank_form(&Texts::new(lang), kind, &clinic)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let path = inner
            .prints
            .write(&format!("jeopsu-{}-blank.pdf", kind.as_str()), &bytes)?;
        crate::print::open_in_viewer(&path)?;
        Ok(path.display().to_string())
    })();
    ipc(&inner, r)
}
