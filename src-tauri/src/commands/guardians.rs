//! The guardian step for a minor: the wording to show, recording the legal representative's
//! consent (pad or paper), and printing the forms (prefilled for paper signing, the signed copy,
//! blank). Each command: session and permission, one call into jeopsu-store / jeopsu-forms.

use super::ipc;
use crate::dto::{GuardianTexts, PatientView};
use crate::error::IpcResult;
use crate::state::{AppState, Inner};
use jeopsu_api::ApiError;
use jeopsu_api::papers;
use jeopsu_core::Permission;
use jeopsu_core::consent::offered_texts;
use jeopsu_core::guardian::{GuardianConsentInput, GuardianInput};
use jeopsu_core::patient::Age;
use jeopsu_forms::FormKind;
use jeopsu_i18n::{Lang, Texts};
use jeopsu_store::patients;
use jeopsu_store::{Store, StoreError, guardians, settings};
use tauri::State;

/// The wording current now for a patient of `age`: core decides which optional items are
/// offered (none under 14).
fn texts_for(lang: Lang, store: &Store, age: Age) -> Result<GuardianTexts, ApiError> {
    let clinic = settings::clinic_profile(store)?.name;
    let t = Texts::new(lang);
    Ok(GuardianTexts {
        items: offered_texts(
            settings::consent_policy(store)?,
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
    state.run(Permission::EditPatients, |_, store, lang| {
        let age = patients::age_of(store, id)?;
        texts_for(lang, store, age)
    })
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
            Ok(patients::open(store, &actor, id)?)
        })
        .map(PatientView::from);
    ipc(&inner, r)
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
    let lang = inner.lang;
    let r = (|| -> Result<_, ApiError> {
        let kind = FormKind::parse(&kind)
            .ok_or_else(|| StoreError::InvalidInput(format!("unknown form {kind}")))?;
        let (actor, store) = inner.require(Some(Permission::EditPatients))?;
        let paper =
            papers::consent_form_printed(store, &actor, lang, id, kind, record_id, &guardians)?;
        Ok(crate::print::print(&mut inner.prints, &paper)?)
    })();
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
) -> Result<String, ApiError> {
    let lang = inner.lang;
    let (actor, store) = inner.require(Some(Permission::EditPatients))?;
    let folder = crate::print::chosen_folder(folder)?;
    let paper = papers::signed_form_saved(store, &actor, lang, id, record_id, reason)?;
    Ok(crate::print::save(&folder, &paper)?)
}

/// A blank form (no personal data) for paper use.
#[tauri::command(async)]
pub fn forms_print_blank(state: State<'_, AppState>, kind: String) -> IpcResult<String> {
    let mut inner = state.lock();
    let lang = inner.lang;
    let r = (|| -> Result<_, ApiError> {
        let kind = FormKind::parse(&kind)
            .ok_or_else(|| StoreError::InvalidInput(format!("unknown form {kind}")))?;
        let (_, store) = inner.require(Some(Permission::EditPatients))?;
        let paper = papers::blank_form(store, lang, kind)?;
        Ok(crate::print::print(&mut inner.prints, &paper)?)
    })();
    ipc(&inner, r)
}
