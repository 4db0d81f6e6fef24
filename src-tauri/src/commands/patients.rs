//! Patients at the desk: search as you type, check a form field by field, register with the
//! consents, open (logged), correct, reveal an RRN (privacy officer, with a reason), change the
//! marketing consent, print a consent copy. Each command: session and permission, one call into
//! jeopsu-store, the error mapped.

use super::ipc;
use crate::dto::{PatientCheck, PatientView, RegistrationTexts};
use crate::error::{FieldError, IpcResult};
use crate::state::{AppState, Inner};
use jeopsu_api::ApiError;
use jeopsu_core::consent::{self, ConsentChoice, ConsentItem, ConsentText};
use jeopsu_core::field::FieldMessage;
use jeopsu_core::patient::{Age, PatientInput};
use jeopsu_core::{FieldProblem, Permission};
use jeopsu_i18n::{Lang, Texts};
use jeopsu_store::consents::{self, Method};
use jeopsu_store::patients::{self, Duplicates, PatientHit, Registered};
use jeopsu_store::{Store, StoreError, settings};
use tauri::State;

/// The consent wording in the UI's language for this clinic, as it will be hashed and stored.
fn current_texts(lang: Lang, store: &Store) -> Result<Vec<ConsentText>, StoreError> {
    let clinic = settings::clinic_profile(store)?.name;
    Ok(Texts::new(lang).consent_texts(&clinic))
}

/// What registration shows: the notice (what care needs, on which legal basis) and the
/// optional items, in the UI's language.
#[tauri::command]
pub fn consent_texts(state: State<'_, AppState>) -> IpcResult<RegistrationTexts> {
    state.run(Permission::EditPatients, |_, store, lang| {
        let clinic = settings::clinic_profile(store)?.name;
        let t = Texts::new(lang);
        Ok::<_, StoreError>(RegistrationTexts {
            notice: t.registration_notice(&clinic),
            items: t.consent_texts(&clinic),
        })
    })
}

#[tauri::command]
pub fn patients_search(state: State<'_, AppState>, query: String) -> IpcResult<Vec<PatientHit>> {
    let mut inner = state.lock();
    let r = inner.search_as_typed(&query);
    ipc(&inner, r)
}

/// The person settled on the results on screen (typing paused a second, or the box cleared):
/// they are logged now.
#[tauri::command(async)]
pub fn patients_search_settle(state: State<'_, AppState>) -> IpcResult<()> {
    let mut inner = state.lock();
    let r = inner
        .require(None)
        .map(|_| ())
        .and_then(|()| inner.settle_search());
    ipc(&inner, r)
}

/// Checks a patient form without saving: every field's problem in the UI's language, and the
/// age the birth date gives (so the form can show the minor badge before saving).
#[tauri::command]
pub fn patient_check(state: State<'_, AppState>, input: PatientInput) -> IpcResult<PatientCheck> {
    let mut inner = state.lock();
    let lang = inner.lang;
    let r = inner
        .require(Some(Permission::EditPatients))
        .map(|(_, store)| {
            let today = jeopsu_core::time::seoul_date(store.now());
            let age = jeopsu_core::patient::parse_birth_date(&input.birth_date, today)
                .ok()
                .map(|b| Age::on(b, today));
            let problems = input.validate(today).err().unwrap_or_default();
            PatientCheck {
                age,
                fields: FieldError::list(&problems, lang),
                from_rrn: jeopsu_core::patient::rrn::decoded(&input.rrn).map(
                    |(birth_date, gender)| crate::dto::RrnFacts {
                        birth_date,
                        gender: gender.into(),
                    },
                ),
                asks_consent: jeopsu_core::consent::asked_at_registration(&input, today),
            }
        });
    ipc(&inner, r)
}

/// Registers a patient. `same_person_checked`: the desk was shown the look-alikes and said this
/// is someone else.
#[tauri::command(async)]
pub fn patient_register(
    state: State<'_, AppState>,
    input: PatientInput,
    consents: Vec<ConsentChoice>,
    same_person_checked: bool,
) -> IpcResult<Registered> {
    state.run(Permission::EditPatients, |actor, store, lang| {
        let today = jeopsu_core::time::seoul_date(store.now());
        let texts = current_texts(lang, store)?;
        let decided = consent::registration_decisions(&input, today, &consents, &texts)
            .map_err(StoreError::Invalid)?;
        let dup = match same_person_checked {
            true => Duplicates::Confirmed,
            false => Duplicates::Ask,
        };
        patients::register(store, actor, &input, dup, &decided)
    })
}

#[tauri::command]
pub fn patient_open(state: State<'_, AppState>, id: i64) -> IpcResult<PatientView> {
    let mut inner = state.lock();
    // A result opened: the search it came from is settled on.
    let r = inner
        .settle_search()
        .and_then(|()| inner.require(Some(Permission::EditPatients)))
        .and_then(|(actor, store)| Ok(patients::open(store, &actor, id)?))
        .map(PatientView::from);
    ipc(&inner, r)
}

#[tauri::command]
pub fn patient_open_chart(state: State<'_, AppState>, chart_no: String) -> IpcResult<PatientView> {
    let mut inner = state.lock();
    let r = inner
        .settle_search()
        .and_then(|()| inner.require(Some(Permission::EditPatients)))
        .and_then(|(actor, store)| Ok(patients::open_by_chart(store, &actor, &chart_no)?))
        .map(PatientView::from);
    ipc(&inner, r)
}

#[tauri::command(async)]
pub fn patient_correct(
    state: State<'_, AppState>,
    id: i64,
    input: PatientInput,
) -> IpcResult<PatientView> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::EditPatients))
        .and_then(|(actor, store)| Ok(patients::correct(store, &actor, id, &input)?))
        .map(PatientView::from);
    ipc(&inner, r)
}

#[tauri::command]
pub fn patient_reveal_rrn(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> IpcResult<String> {
    state.run(Permission::RevealRrn, |actor, store, _| {
        patients::reveal_rrn(store, actor, id, &reason)
    })
}

/// Records consents for an adult registered without them (e.g. imported from paper).
#[tauri::command]
pub fn patient_give_consents(
    state: State<'_, AppState>,
    id: i64,
    consents: Vec<ConsentChoice>,
) -> IpcResult<PatientView> {
    let mut inner = state.lock();
    let lang = inner.lang;
    let r = inner
        .require(Some(Permission::EditPatients))
        .and_then(|(actor, store)| {
            let texts = current_texts(lang, store)?;
            let decided = consent::check_choices(&consents, &texts).map_err(StoreError::Invalid)?;
            Ok(patients::give_consents(store, &actor, id, &decided)?)
        })
        .map(PatientView::from);
    ipc(&inner, r)
}

/// Agrees to (on the wording with `hash`) or withdraws the optional marketing consent.
#[tauri::command]
pub fn patient_set_marketing(
    state: State<'_, AppState>,
    id: i64,
    granted: bool,
    hash: Option<String>,
    by_phone: bool,
) -> IpcResult<PatientView> {
    let mut inner = state.lock();
    let lang = inner.lang;
    let r = inner
        .require(Some(Permission::EditPatients))
        .and_then(|(actor, store)| {
            let text = current_texts(lang, store)?
                .into_iter()
                .find(|t| t.item == ConsentItem::Marketing && Some(&t.hash) == hash.as_ref());
            if granted && text.is_none() {
                return Err(StoreError::Invalid(vec![FieldProblem::new(
                    "consent_marketing",
                    FieldMessage::ConsentChanged,
                )])
                .into());
            }
            let method = if by_phone {
                Method::Phone
            } else {
                Method::InPerson
            };
            consents::set_marketing(store, &actor, id, granted, text.as_ref(), method)?;
            Ok(patients::open(store, &actor, id)?)
        })
        .map(PatientView::from);
    ipc(&inner, r)
}

/// Prints the patient's consent copy (every decision on file, with the wording it was given on)
/// through the private print folder; logged.
#[tauri::command(async)]
pub fn patient_print_consent(state: State<'_, AppState>, id: i64) -> IpcResult<String> {
    let mut inner = state.lock();
    let r = print_consent(&mut inner, id);
    ipc(&inner, r)
}

fn print_consent(inner: &mut Inner, id: i64) -> Result<String, ApiError> {
    let lang = inner.lang;
    let (actor, store) = inner.require(Some(Permission::EditPatients))?;
    let paper = jeopsu_api::papers::consent_copy(store, &actor, lang, id)?;
    Ok(crate::print::print(&mut inner.prints, &paper)?)
}
