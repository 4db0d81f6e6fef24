//! The consent forms: the plain-language notice for a minor, the legal representative's consent
//! and the adult consent. Each prints blank (the paper fallback when the PC is down), prefilled
//! (names typed, signed by hand) or signed (the stored record: choices ticked, method, witness,
//! the pad signature redrawn from its vectors, and a footer with the record id and the wording
//! version).
//!
//! All wording comes from the Fluent files the screen uses: the item texts and the notice are
//! passed in exactly as shown (and hashed) on screen.

use crate::FormError;
use crate::layout::{BOX_OFF, BOX_ON, Form, MARGIN, PAGE_W, choices, field, tick_row};
use jeopsu_core::consent::{ConsentItem, ConsentText, Notice, form_version, short_hash};
use jeopsu_core::guardian::{
    Authorisation, Companion, Guardian, Relationship, Signature, TeenAnswers, Verification,
};
use jeopsu_core::patient::{ADULT_AGE, CHILD_AGE};
use jeopsu_i18n::{Arg, Texts};

mod blocks;
mod body;

use blocks::*;
use body::*;

/// Which form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// The plain-language notice for a minor (large type, one idea per line).
    MinorNotice,
    /// The legal representative's consent.
    Guardian,
    /// An adult's own consent.
    Adult,
}

impl FormKind {
    pub const ALL: [FormKind; 3] = [FormKind::MinorNotice, FormKind::Guardian, FormKind::Adult];

    /// The CLI's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::MinorNotice => "minor-consent",
            FormKind::Guardian => "guardian-consent",
            FormKind::Adult => "adult-consent",
        }
    }

    pub fn parse(text: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    fn name_id(self) -> &'static str {
        match self {
            FormKind::MinorNotice => "form-minor-name",
            FormKind::Guardian => "form-guardian-name",
            FormKind::Adult => "form-adult-name",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FormPatient {
    pub name: String,
    pub birth_date: String,
    pub chart_no: String,
    pub age: Option<u32>,
}

/// What a signed record adds to the form.
#[derive(Debug, Clone)]
pub struct Signed<'a> {
    pub record_id: i64,
    /// Per item: agreed or not (the use in force).
    pub decisions: Vec<(ConsentItem, bool)>,
    /// From 14 to 18: what the representative and the minor each answered; `None` under 14.
    pub teen_answers: Option<TeenAnswers>,
    /// 14 to 18: acknowledged; `None` under 14.
    pub minor_ack: Option<bool>,
    /// `None` when signed on paper.
    pub signature: Option<&'a Signature>,
    pub paper_filed_at: Option<String>,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub signed_at: String,
    pub witness: String,
    /// Someone other than the representatives brought the child (and the signed paper).
    pub companion: Option<Companion>,
}

/// One form to print.
#[derive(Debug, Clone)]
pub struct ConsentForm<'a> {
    pub kind: FormKind,
    pub clinic_name: &'a str,
    /// The item wordings, exactly as on screen (for the guardian and adult forms).
    pub items: &'a [ConsentText],
    /// The plain-language notice (for the minor notice and, as reference, the guardian form).
    pub notice: &'a Notice,
    /// The notice of what care needs, its legal basis and the entrustment (guardian and adult
    /// forms): printed as a notice, never with boxes. `None` for a record signed before it
    /// existed.
    pub registration: Option<&'a Notice>,
    /// `None`: blank.
    pub patient: Option<FormPatient>,
    pub guardians: Vec<Guardian>,
    pub signed: Option<Signed<'a>>,
}

/// The wording version printed in the footer: the item texts and the notice, hashed together.
pub fn version_of(form: &ConsentForm<'_>) -> String {
    let registration = form.registration.map(|n| n.hash.as_str());
    let hashes: Vec<&str> = match form.kind {
        FormKind::MinorNotice => vec![form.notice.hash.as_str()],
        FormKind::Guardian => registration
            .into_iter()
            .chain(form.items.iter().map(|t| t.hash.as_str()))
            .chain([form.notice.hash.as_str()])
            .collect(),
        FormKind::Adult => registration
            .into_iter()
            .chain(form.items.iter().map(|t| t.hash.as_str()))
            .collect(),
    };
    form_version(hashes)
}

/// A blank form (the paper fallback): no patient, no guardian, the wording current now.
/// Returns the PDF and the wording version printed in its footer.
pub fn blank_form(
    texts: &Texts,
    kind: FormKind,
    clinic_name: &str,
) -> Result<(Vec<u8>, String), FormError> {
    let items = texts.consent_texts(clinic_name);
    let notice = texts.minor_notice(clinic_name);
    let registration = texts.registration_notice(clinic_name);
    let form = ConsentForm {
        kind,
        clinic_name,
        items: &items,
        notice: &notice,
        registration: Some(&registration),
        patient: None,
        guardians: vec![],
        signed: None,
    };
    Ok((consent_form(texts, &form)?, version_of(&form)))
}

pub fn consent_form(texts: &Texts, form: &ConsentForm<'_>) -> Result<Vec<u8>, FormError> {
    let version = version_of(form);
    let form_name = texts.get(form.kind.name_id());
    let footer = match &form.signed {
        Some(s) => texts.format(
            "form-signed-footer",
            &[
                ("form", Arg::from(form_name.as_str())),
                ("record", Arg::from(s.record_id.to_string())),
                ("version", Arg::from(short_hash(&version))),
            ],
        ),
        None => texts.format(
            "form-blank-footer",
            &[
                ("form", Arg::from(form_name.as_str())),
                ("version", Arg::from(short_hash(&version))),
            ],
        ),
    };
    let mut f = match form.kind {
        FormKind::MinorNotice => minor_notice(texts, form)?,
        FormKind::Guardian | FormKind::Adult => consent(texts, form)?,
    };
    if form.signed.is_none() && form.patient.is_some() {
        f.y += 2.0;
        f.paragraph(&texts.get("form-prefilled-note"), 9.5);
    }
    Ok(f.finish(&footer))
}

/// Large type, one idea per line, room to breathe; the minor writes their name at the end.
fn minor_notice<'t>(texts: &'t Texts, form: &ConsentForm<'_>) -> Result<Form<'t>, FormError> {
    let n = form.notice;
    let mut f = Form::new(texts, &n.title, form.clinic_name)?;
    f.heading(&n.title, 22.0);
    f.y += 2.0;
    for line in &n.lines {
        f.paragraph(line, 14.0);
    }
    f.y += 3.0;
    f.paragraph(&texts.get("form-minor-read"), 14.0);
    f.paragraph(&texts.get("form-minor-read-sign"), 14.0);
    f.ensure(22.0);
    let top = f.y + 2.0;
    let name = form
        .patient
        .as_ref()
        .map(|p| p.name.clone())
        .unwrap_or_default();
    f.text_at(MARGIN, top + 8.0, 12.0, &texts.get("form-sign-minor"), 0.3);
    f.rect(MARGIN + 45.0, top, 80.0, 14.0, 0.8);
    if !name.is_empty() {
        f.text_at(MARGIN + 49.0, top + 9.5, 15.0, &name, 0.0);
    }
    f.y = top + 18.0;
    if let Some(s) = &form.signed {
        let ack = match (s.minor_ack, form.patient.as_ref().and_then(|p| p.age)) {
            (Some(true), Some(age)) => {
                texts.format("form-minor-ack-done", &[("age", Arg::from(age))])
            }
            _ => texts.get("form-minor-ack-child"),
        };
        f.paragraph(&ack, 11.0);
        f.paragraph(
            &format!("{} {}", texts.get("form-sign-date"), s.signed_at),
            11.0,
        );
        f.paragraph(
            &format!("{} {}", texts.get("form-sign-witness"), s.witness),
            11.0,
        );
    }
    Ok(f)
}
