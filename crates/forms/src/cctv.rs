//! CCTV paper: the request form (개인영상정보 열람·존재확인·삭제 청구서), blank or filled in from a
//! request, and the decision notice with how to object. The ledger is in `ledger.rs`.

use crate::FormError;
use crate::layout::{Form, MARGIN, field, how_to_object, label, tick_row};
use jeopsu_core::cctv::{
    CctvSetup, Decision, DecisionRecord, IdCheck, Relation, Request, RequestKind,
};
use jeopsu_i18n::{Arg, Texts};

/// A labelled value that may run over several lines; rules to write on when empty (two when
/// `roomy`).
fn long_field(f: &mut Form<'_>, label_text: &str, value: &str, roomy: bool) {
    let (x, w) = (MARGIN, f.text_w());
    f.ensure(16.0);
    f.text_at(x, f.y + 5.0, 9.0, label_text, 0.35);
    let lw = f.metrics.width_mm(label_text, 9.0) + 3.0;
    if value.is_empty() {
        f.rule(x + lw, f.y + 6.0, x + w - 4.0, 0.3);
        if roomy {
            f.rule(x, f.y + 13.0, x + w - 4.0, 0.3);
            f.y += 7.0;
        }
        f.y += 8.5;
    } else {
        f.y += 0.5;
        f.paragraph_in(x + lw, w - lw, value, 11.0, 0.0);
        f.y += 1.5;
    }
}

/// A filled-in request.
#[derive(Debug)]
pub struct FilledRequest<'a> {
    pub id: i64,
    pub request: &'a Request,
    pub received_by: &'a str,
    /// `YYYY-MM-DD`.
    pub due: &'a str,
}

#[derive(Debug)]
pub struct RequestForm<'a> {
    pub clinic_name: &'a str,
    pub setup: &'a CctvSetup,
    /// `None` prints the blank form.
    pub filled: Option<FilledRequest<'a>>,
}

pub fn cctv_request_form(texts: &Texts, form: &RequestForm<'_>) -> Result<Vec<u8>, FormError> {
    let title = texts.get("cctv-form-title");
    let mut f = Form::new(texts, &title, form.clinic_name)?;
    f.heading(&title, 15.0);
    f.paragraph(&texts.get("cctv-form-statute"), 8.5);
    f.paragraph(&texts.get("cctv-form-intro"), 9.5);
    f.paragraph(&texts.get("cctv-form-period"), 9.5);
    let r = form.filled.as_ref().map(|x| x.request);
    let v = |get: fn(&Request) -> String| r.map(get).unwrap_or_default();
    let col = f.text_w() / 2.0;

    f.heading(&texts.get("cctv-form-requester"), 11.0);
    field(
        &mut f,
        MARGIN,
        col,
        &texts.get("cctv-form-name"),
        &v(|r| r.requester_name.clone()),
    );
    field(
        &mut f,
        MARGIN + col,
        col,
        &texts.get("cctv-form-birth"),
        &v(|r| r.requester_birth.clone()),
    );
    f.y += 9.0;
    field(
        &mut f,
        MARGIN,
        col,
        &texts.get("cctv-form-phone"),
        &v(|r| r.requester_phone.clone()),
    );
    f.y += 9.0;
    long_field(
        &mut f,
        &texts.get("cctv-form-address"),
        &v(|r| r.requester_address.clone()),
        true,
    );
    let relations: Vec<(String, bool)> = Relation::ALL
        .iter()
        .map(|x| {
            (
                label(texts, "cctv-relation", x.as_str()),
                r.is_some_and(|r| r.relation == *x),
            )
        })
        .collect();
    tick_row(&mut f, &texts.get("cctv-form-relation"), &relations);
    long_field(
        &mut f,
        &texts.get("cctv-form-relation-reason"),
        &v(|r| r.relation_reason.clone().unwrap_or_default()),
        false,
    );
    // Asked for someone else: who is in the footage, and a delegate's power of attorney. On the
    // blank form both are there to fill in; on a filled one only when they apply.
    if r.is_none_or(|r| r.filmed.is_some()) {
        f.ensure(22.0);
        f.text_at(MARGIN, f.y + 5.0, 9.0, &texts.get("cctv-form-filmed"), 0.35);
        f.y += 7.0;
        let filmed = r.and_then(|r| r.filmed.as_ref());
        field(
            &mut f,
            MARGIN,
            col,
            &texts.get("cctv-form-name"),
            filmed.map(|p| p.name.as_str()).unwrap_or_default(),
        );
        field(
            &mut f,
            MARGIN + col,
            col,
            &texts.get("cctv-form-birth"),
            filmed.map(|p| p.birth.as_str()).unwrap_or_default(),
        );
        f.y += 9.0;
    }
    if r.is_none_or(|r| r.relation == Relation::Delegate) {
        tick_row(
            &mut f,
            &texts.get("cctv-form-poa"),
            &[(
                texts.get("cctv-form-poa-checked"),
                r.is_some_and(|r| r.power_of_attorney),
            )],
        );
    }

    f.heading(&texts.get("cctv-form-request"), 11.0);
    let kinds: Vec<(String, bool)> = RequestKind::ALL
        .iter()
        .map(|k| {
            (
                label(texts, "cctv-request-kind", k.as_str()),
                r.is_some_and(|r| r.kind == *k),
            )
        })
        .collect();
    tick_row(&mut f, &texts.get("cctv-form-kind"), &kinds);
    let range = r
        .map(|r| format!("{} ~ {}", r.footage_from, r.footage_to))
        .unwrap_or_default();
    let full = f.text_w();
    field(
        &mut f,
        MARGIN,
        full,
        &texts.get("cctv-form-footage"),
        &range,
    );
    f.y += 9.0;
    let places: Vec<(String, bool)> = form
        .setup
        .locations
        .iter()
        .map(|l| {
            (
                l.name.clone(),
                r.is_some_and(|r| r.locations.contains(&l.name)),
            )
        })
        .collect();
    tick_row(&mut f, &texts.get("cctv-form-locations"), &places);
    long_field(
        &mut f,
        &texts.get("cctv-form-purpose"),
        &v(|r| r.purpose.clone()),
        true,
    );
    let checks: Vec<(String, bool)> = IdCheck::ALL
        .iter()
        .map(|c| {
            let mut l = label(texts, "cctv-idcheck", c.as_str());
            if let Some(note) = r
                .filter(|r| r.id_check == *c)
                .and_then(|r| r.id_check_note.clone())
            {
                l = format!("{l} ({note})");
            }
            (l, r.is_some_and(|r| r.id_check == *c))
        })
        .collect();
    tick_row(&mut f, &texts.get("cctv-form-idcheck"), &checks);

    f.ensure(30.0);
    f.y += 3.0;
    f.paragraph(&texts.get("cctv-form-declare"), 11.0);
    let date = r
        .map(|r| r.received_at.date().to_string())
        .unwrap_or_default();
    field(&mut f, MARGIN, col, &texts.get("cctv-form-date"), &date);
    field(&mut f, MARGIN + col, col, &texts.get("cctv-form-sign"), "");
    f.y += 10.0;

    // Receipt, for the clinic.
    f.ensure(30.0);
    let top = f.y;
    f.rect(MARGIN, top, f.text_w(), 24.0, 0.6);
    f.y = top + 1.0;
    f.text_at(
        MARGIN + 3.0,
        f.y + 5.0,
        10.0,
        &texts.get("cctv-form-receipt"),
        0.0,
    );
    f.y += 7.0;
    let filled = form.filled.as_ref();
    let no = filled.map(|x| x.id.to_string()).unwrap_or_default();
    let at = filled
        .map(|x| x.request.received_at.to_string())
        .unwrap_or_default();
    let by = filled
        .map(|x| x.received_by.to_string())
        .unwrap_or_default();
    let due = filled.map(|x| x.due.to_string()).unwrap_or_default();
    let inner = col - 3.0;
    field(
        &mut f,
        MARGIN + 3.0,
        inner,
        &texts.get("cctv-form-receipt-no"),
        &no,
    );
    field(
        &mut f,
        MARGIN + col,
        inner,
        &texts.get("cctv-form-received-at"),
        &at,
    );
    f.y += 8.0;
    field(
        &mut f,
        MARGIN + 3.0,
        inner,
        &texts.get("cctv-form-received-by"),
        &by,
    );
    field(
        &mut f,
        MARGIN + col,
        inner,
        &texts.get("cctv-form-due"),
        &due,
    );
    f.y = top + 25.0;

    f.heading(&texts.get("cctv-form-guide-title"), 10.0);
    let s = form.setup;
    let guides = [
        texts.get("cctv-form-guide-1"),
        texts.format(
            "cctv-form-guide-2",
            &[
                ("count", Arg::from(s.retention.count)),
                ("unit", Arg::from(s.retention.unit.as_str())),
            ],
        ),
        texts.get("cctv-form-guide-3"),
        texts.format(
            "cctv-form-guide-4",
            &[("place", Arg::from(s.viewing_place.as_str()))],
        ),
        texts.format(
            "cctv-form-guide-5",
            &[
                ("officer", Arg::from(s.officer.name.as_str())),
                ("contact", Arg::from(s.officer.contact.as_str())),
            ],
        ),
    ];
    let w = f.text_w() - 4.0;
    for g in guides {
        f.paragraph_in(MARGIN + 4.0, w, &format!("• {g}"), 8.5, 0.0);
    }
    let footer = match filled {
        Some(x) => texts.format("cctv-form-footer", &[("no", Arg::from(x.id))]),
        None => texts.get("cctv-form-footer-blank"),
    };
    Ok(f.finish(&footer))
}

#[derive(Debug)]
pub struct DecisionNotice<'a> {
    pub clinic_name: &'a str,
    pub setup: &'a CctvSetup,
    pub id: i64,
    pub request: &'a Request,
    pub decision: &'a DecisionRecord,
    /// The booked viewing, `YYYY-MM-DD HH:MM`.
    pub appointment: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
}

pub fn decision_notice(texts: &Texts, n: &DecisionNotice<'_>) -> Result<Vec<u8>, FormError> {
    let title = texts.get("cctv-notice-title");
    let mut f = Form::new(texts, &title, n.clinic_name)?;
    f.heading(&title, 15.0);
    let s = n.setup;
    let officer = [
        ("officer", Arg::from(s.officer.name.as_str())),
        ("contact", Arg::from(s.officer.contact.as_str())),
    ];
    f.paragraph(
        &texts.format(
            "cctv-notice-to",
            &[("name", Arg::from(n.request.requester_name.as_str()))],
        ),
        12.0,
    );
    f.paragraph(
        &texts.format(
            "cctv-notice-intro",
            &[
                ("received", Arg::from(n.request.received_at.to_string())),
                ("no", Arg::from(n.id)),
            ],
        ),
        11.0,
    );
    let col = f.text_w();
    field(
        &mut f,
        MARGIN,
        col,
        &texts.get("cctv-form-kind"),
        &label(texts, "cctv-request-kind", n.request.kind.as_str()),
    );
    f.y += 8.0;
    field(
        &mut f,
        MARGIN,
        col,
        &texts.get("cctv-form-footage"),
        &jeopsu_core::cctv::footage_label(n.request),
    );
    f.y += 10.0;
    f.heading(&texts.get("cctv-notice-decision"), 12.0);
    f.paragraph(
        &label(texts, "cctv-decision", n.decision.decision.as_str()),
        13.0,
    );
    match (n.decision.decision, n.request.kind) {
        (Decision::Refuse, _) => {
            f.heading(&texts.get("cctv-notice-ground"), 12.0);
            if let Some(g) = n.decision.ground {
                f.paragraph(&label(texts, "cctv-ground", g.as_str()), 11.0);
            }
            if let Some(t) = &n.decision.ground_text {
                f.paragraph(t, 11.0);
            }
        }
        (_, RequestKind::Confirm) => f.paragraph(&texts.get("cctv-notice-confirm-yes"), 11.0),
        (_, RequestKind::Delete) => f.paragraph(&texts.get("cctv-notice-delete-yes"), 11.0),
        (d, RequestKind::View) => {
            if d == Decision::ApproveMasked {
                f.paragraph(&texts.get("cctv-notice-masked"), 11.0);
            }
            f.heading(&texts.get("cctv-notice-appointment"), 12.0);
            let line = match n.appointment {
                Some(at) => texts.format(
                    "cctv-notice-appointment-value",
                    &[
                        ("at", Arg::from(at)),
                        ("place", Arg::from(s.viewing_place.as_str())),
                    ],
                ),
                None => texts.format("cctv-notice-appointment-call", &officer),
            };
            f.paragraph(&line, 11.0);
        }
    }
    how_to_object(
        &mut f,
        texts,
        &texts.format("cctv-notice-object-1", &officer),
    );
    f.y += 6.0;
    field(
        &mut f,
        MARGIN,
        col / 2.0,
        &texts.get("cctv-notice-date"),
        n.date,
    );
    f.y += 10.0;
    f.paragraph(
        &texts.format(
            "cctv-notice-signer",
            &[
                ("clinic", Arg::from(n.clinic_name)),
                ("officer", Arg::from(s.officer.name.as_str())),
            ],
        ),
        11.0,
    );
    Ok(f.finish(&texts.format("cctv-notice-footer", &[("no", Arg::from(n.id))])))
}
