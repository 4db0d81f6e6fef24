//! The blocks the consent forms share: the patient, each guardian, the companion.

use super::*;

/// A label and a value (or a blank line to write on).
pub(super) fn patient_block(f: &mut Form<'_>, texts: &Texts, p: Option<&FormPatient>) {
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

pub(super) fn guardian_block(f: &mut Form<'_>, texts: &Texts, n: usize, g: Option<&Guardian>) {
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
        .iter()
        .copied()
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
        .iter()
        .copied()
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
pub(super) fn companion_block(f: &mut Form<'_>, texts: &Texts, c: Option<&Companion>) {
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
