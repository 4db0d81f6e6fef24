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

/// A label and a value (or a blank line to write on).
fn patient_block(f: &mut Form<'_>, texts: &Texts, p: Option<&FormPatient>) {
    let col = (PAGE_W - 2.0 * MARGIN) / 2.0;
    f.heading(&texts.get("form-section-patient"), 12.0);
    let p = p.cloned().unwrap_or_default();
    field(f, MARGIN, col, &texts.get("form-field-name"), &p.name);
    field(
        f,
        MARGIN + col,
        col,
        &texts.get("form-field-birth"),
        &p.birth_date,
    );
    f.y += 8.0;
    field(f, MARGIN, col, &texts.get("form-field-chart"), &p.chart_no);
    let age = p.age.map(|a| a.to_string()).unwrap_or_default();
    field(f, MARGIN + col, col, &texts.get("form-field-age"), &age);
    f.y += 9.0;
}

fn guardian_block(f: &mut Form<'_>, texts: &Texts, n: usize, g: Option<&Guardian>) {
    let col = (PAGE_W - 2.0 * MARGIN) / 2.0;
    f.ensure(42.0);
    let title = if n == 2 && g.is_none() {
        texts.get("form-section-guardian-optional")
    } else {
        texts.format("form-section-guardian", &[("n", Arg::from(n))])
    };
    f.heading(&title, 12.0);
    let name = g.map(|g| g.name.clone()).unwrap_or_default();
    let mobile = g.map(|g| g.mobile.clone()).unwrap_or_default();
    field(f, MARGIN, col, &texts.get("form-field-name"), &name);
    field(
        f,
        MARGIN + col,
        col,
        &texts.get("form-field-mobile"),
        &mobile,
    );
    f.y += 8.0;
    // A representative is a parent or a court-appointed guardian; "other" only on an old record.
    let rels: Vec<(String, bool)> = Relationship::ALL
        .into_iter()
        .filter(|r| {
            Relationship::REPRESENTATIVES.contains(r) || g.is_some_and(|g| g.relationship == *r)
        })
        .map(|r| {
            let mut label = texts.get(&format!("form-rel-{}", r.as_str()));
            if let Some(other) = g
                .filter(|g| g.relationship == r)
                .and_then(|g| g.relationship_other.as_ref())
            {
                label = format!("{label} ({other})");
            }
            (label, g.is_some_and(|g| g.relationship == r))
        })
        .collect();
    tick_row(f, &texts.get("form-field-relationship"), &rels);
    let vers: Vec<(String, bool)> = Verification::ALL
        .into_iter()
        .map(|v| {
            (
                texts.get(&format!("form-ver-{}", v.as_str())),
                g.is_some_and(|g| g.verification == v),
            )
        })
        .collect();
    tick_row(f, &texts.get("form-field-verified"), &vers);
    let note = g
        .map(|g| {
            [g.verification_note.clone(), g.called_at.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_default();
    field(
        f,
        MARGIN,
        PAGE_W - 2.0 * MARGIN,
        &texts.get("form-field-verified-note"),
        &note,
    );
    f.y += 9.0;
}

/// Who came with the child when it was not a legal representative, and how the representative
/// authorised them: filled from a signed record, blank on a form not yet signed (the
/// representative may name the person there, which is their written authorisation).
fn companion_block(f: &mut Form<'_>, texts: &Texts, c: Option<&Companion>) {
    let col = (PAGE_W - 2.0 * MARGIN) / 2.0;
    f.ensure(34.0);
    f.heading(&texts.get("form-section-companion"), 11.0);
    f.paragraph(&texts.get("form-companion-help"), 8.5);
    field(
        f,
        MARGIN,
        col,
        &texts.get("form-field-name"),
        c.map(|c| c.name.as_str()).unwrap_or_default(),
    );
    field(
        f,
        MARGIN + col,
        col,
        &texts.get("form-companion-relationship"),
        c.map(|c| c.relationship.as_str()).unwrap_or_default(),
    );
    f.y += 8.0;
    let auths: Vec<(String, bool)> = Authorisation::ALL
        .iter()
        .map(|a| {
            (
                texts.get(&format!("form-auth-{}", a.as_str())),
                c.is_some_and(|c| c.authorisation == *a),
            )
        })
        .collect();
    tick_row(f, &texts.get("form-companion-authorised"), &auths);
    if let Some(note) = c.map(|c| {
        [c.note.clone(), c.called_at.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }) && !note.is_empty()
    {
        f.paragraph(&note, 9.5);
    }
    f.y += 4.0;
}

fn consent<'t>(texts: &'t Texts, form: &ConsentForm<'_>) -> Result<Form<'t>, FormError> {
    let guardian = form.kind == FormKind::Guardian;
    let (title_id, intro_id) = if guardian {
        ("form-guardian-title", "form-guardian-intro")
    } else {
        ("form-adult-title", "form-adult-intro")
    };
    let title = texts.get(title_id);
    let mut f = Form::new(texts, &title, form.clinic_name)?;
    f.heading(&title, 17.0);
    f.paragraph(
        &texts.format(intro_id, &[("clinic", Arg::from(form.clinic_name))]),
        10.0,
    );
    patient_block(&mut f, texts, form.patient.as_ref());
    if guardian {
        let blanks = if form.patient.is_none() { 2 } else { 1 };
        let count = form.guardians.len().max(blanks);
        for n in 1..=count.min(2) {
            guardian_block(&mut f, texts, n, form.guardians.get(n - 1));
        }
        match &form.signed {
            None => companion_block(&mut f, texts, None),
            Some(s) => {
                if let Some(c) = &s.companion {
                    companion_block(&mut f, texts, Some(c));
                }
            }
        }
        f.paragraph(&texts.get("form-guardian-own-data"), 8.5);
    }
    let inner_x = MARGIN + 4.0;
    let inner_w = PAGE_W - 2.0 * MARGIN - 4.0;
    if let Some(n) = form.registration {
        // The notice stays on one page, like an item with its boxes.
        let needed = 22.0
            + n.lines
                .iter()
                .map(|l| f.paragraph_height(inner_w, l, 8.5))
                .sum::<f32>();
        f.ensure(needed.min(f.page_room()));
        f.y += 2.0;
        f.heading(&texts.get("form-section-notice"), 12.0);
        f.heading(&n.title, 11.0);
        for line in &n.lines {
            f.paragraph_in(inner_x, inner_w, line, 8.5, 0.1);
        }
    }

    f.y += 2.0;
    f.heading(&texts.get("form-section-items"), 12.0);
    // The caller passes the items offered to this patient (`jeopsu_core::consent::
    // offered_texts`): none under 14.
    if form.items.is_empty() {
        f.paragraph_in(
            inner_x,
            inner_w,
            &texts.get("form-items-none-child"),
            10.0,
            0.0,
        );
    }
    for t in form.items {
        // Keep an item's wording, and its boxes, together on one page.
        let needed = 12.0
            + f.paragraph_height(inner_w, &t.title, 11.5)
            + t.body
                .lines()
                .map(|l| f.paragraph_height(inner_w, l, 9.0))
                .sum::<f32>()
            + 9.0;
        f.ensure(needed.min(f.page_room()));
        f.y += 1.0;
        f.rule(MARGIN, f.y, PAGE_W - MARGIN, 0.4);
        f.heading(&t.title, 11.5);
        for line in t.body.lines() {
            f.paragraph_in(inner_x, inner_w, line, 9.0, 0.15);
        }
        let decided = form
            .signed
            .as_ref()
            .and_then(|s| s.decisions.iter().find(|(i, _)| *i == t.item))
            .map(|(_, g)| *g);
        // From 14: the representative's and the minor's answers, each on its own line (blank
        // forms carry both lines, marked "14 and over").
        let teen_form = guardian
            && match (&form.signed, form.patient.as_ref().and_then(|p| p.age)) {
                (Some(s), _) => s.teen_answers.is_some(),
                (None, Some(age)) => (CHILD_AGE..ADULT_AGE).contains(&age),
                (None, None) => true,
            };
        if teen_form {
            let answers = form.signed.as_ref().and_then(|s| s.teen_answers.as_ref());
            let of = |list: Option<&Vec<(ConsentItem, bool)>>| {
                list.and_then(|l| l.iter().find(|(i, _)| *i == t.item).map(|(_, g)| *g))
            };
            for (label, answer) in [
                (
                    "form-answer-representative",
                    of(answers.map(|a| &a.representative)),
                ),
                ("form-answer-minor", of(answers.map(|a| &a.minor))),
            ] {
                let line = choices(&[
                    (texts.get("form-choice-agree"), answer == Some(true)),
                    (texts.get("form-choice-refuse"), answer == Some(false)),
                ]);
                f.paragraph_in(
                    inner_x,
                    inner_w,
                    &format!("{}  {line}", texts.get(label)),
                    11.0,
                    0.0,
                );
            }
        } else {
            let line = choices(&[
                (texts.get("form-choice-agree"), decided == Some(true)),
                (texts.get("form-choice-refuse"), decided == Some(false)),
            ]);
            f.paragraph_in(inner_x, inner_w, &line, 12.0, 0.0);
        }
        if guardian && form.patient.is_none() && t.item == ConsentItem::Marketing {
            f.paragraph_in(
                inner_x,
                inner_w,
                &texts.get("form-items-child-note"),
                9.0,
                0.3,
            );
        }
    }

    // The declaration, how to withdraw and the signature stay on one page: nobody signs under
    // a page that does not say what is signed.
    f.ensure(if guardian { 100.0 } else { 72.0 });
    if guardian {
        f.y += 2.0;
        let ack = match &form.signed {
            Some(s) => match (s.minor_ack, form.patient.as_ref().and_then(|p| p.age)) {
                (Some(true), Some(age)) => format!(
                    "{}  {BOX_ON} {}",
                    texts.get("form-minor-ack-line"),
                    texts.format("form-minor-ack-done", &[("age", Arg::from(age))])
                ),
                _ => texts.get("form-minor-ack-child"),
            },
            None => format!("{BOX_OFF} {}", texts.get("form-minor-ack-line")),
        };
        f.paragraph(&ack, 10.0);
        f.paragraph(&texts.get("form-guardian-declaration"), 10.5);
    } else {
        f.y += 2.0;
        f.paragraph(&texts.get("form-adult-declaration"), 10.5);
    }
    f.paragraph(&texts.get("form-withdraw-how"), 9.0);
    sign_block(&mut f, texts, form, guardian);
    Ok(f)
}

fn sign_block(f: &mut Form<'_>, texts: &Texts, form: &ConsentForm<'_>, guardian: bool) {
    f.ensure(62.0);
    f.heading(&texts.get("form-section-sign"), 12.0);
    if let Some(s) = &form.signed {
        let method = match &s.paper_filed_at {
            Some(place) => {
                texts.format("form-signed-paper", &[("where", Arg::from(place.as_str()))])
            }
            None => texts.get("form-signed-pad"),
        };
        f.paragraph(&method, 9.5);
    }
    let sign_label = texts.get(if guardian {
        "form-sign-guardian"
    } else {
        "form-sign-patient"
    });
    let (box_x, box_w, box_h) = (MARGIN, 100.0, 34.0);
    let top = f.y + 2.0;
    f.text_at(box_x, top + 4.0, 9.0, &sign_label, 0.35);
    f.rect(box_x, top + 6.0, box_w, box_h, 0.8);
    if let Some(sig) = form.signed.as_ref().and_then(|s| s.signature) {
        draw_signature(f, sig, box_x + 2.0, top + 8.0, box_w - 4.0, box_h - 4.0);
    }
    let right = box_x + box_w + 8.0;
    let (date, witness) = form
        .signed
        .as_ref()
        .map(|s| (s.signed_at.clone(), s.witness.clone()))
        .unwrap_or_default();
    let w = PAGE_W - MARGIN - right;
    f.y = top + 8.0;
    field(f, right, w, &texts.get("form-sign-date"), &date);
    f.y += 12.0;
    field(f, right, w, &texts.get("form-sign-witness"), &witness);
    f.y = top + 6.0 + box_h + 4.0;
}

/// Redraws the pad's strokes inside the box, scaled to fit and keeping the aspect ratio.
fn draw_signature(f: &mut Form<'_>, sig: &Signature, x: f32, y: f32, w: f32, h: f32) {
    if sig.width <= 0.0 || sig.height <= 0.0 {
        return;
    }
    let scale = (w / sig.width).min(h / sig.height);
    let dx = x + (w - sig.width * scale) / 2.0;
    let dy = y + (h - sig.height * scale) / 2.0;
    for stroke in &sig.strokes {
        let pts: Vec<(f32, f32)> = stroke
            .iter()
            .map(|[px, py]| (dx + px * scale, dy + py * scale))
            .collect();
        if pts.len() == 1 {
            let (a, b) = pts[0];
            f.polyline(&[(a, b), (a + 0.3, b)], 1.4);
        } else {
            f.polyline(&pts, 1.2);
        }
    }
}
