//! The consent form's body: the notice, the items with their decisions, the signing block and
//! the signature redrawn from its strokes.

use super::*;

pub(super) fn consent<'t>(texts: &'t Texts, form: &ConsentForm<'_>) -> Result<Form<'t>, FormError> {
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

pub(super) fn sign_block(f: &mut Form<'_>, texts: &Texts, form: &ConsentForm<'_>, guardian: bool) {
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
pub(super) fn draw_signature(f: &mut Form<'_>, sig: &Signature, x: f32, y: f32, w: f32, h: f32) {
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
