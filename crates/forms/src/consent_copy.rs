//! The patient's consent copy: every decision on file, oldest first, each with the exact wording
//! it was given on (the stored text, not today's), its version, who decided, how, when, and which
//! staff member took it. Handed to the patient on request.

use crate::FormError;
use crate::layout::{Form, MARGIN, PAGE_W};
use jeopsu_core::consent::{ConsentItem, ConsentText, Method, Signer};
use jeopsu_i18n::{Arg, Texts};

#[derive(Debug)]
pub struct ConsentCopyItem {
    pub item: ConsentItem,
    pub granted: bool,
    /// This decision ended an earlier agreement.
    pub withdrawal: bool,
    /// The wording it was given on; `None` for an imported decision or a withdrawal.
    pub text: Option<ConsentText>,
    pub signer: Signer,
    pub method: Method,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub recorded: String,
    /// The staff member who took it.
    pub taken_by: String,
}

#[derive(Debug)]
pub struct ConsentCopy<'a> {
    pub clinic_name: &'a str,
    pub patient_name: &'a str,
    pub chart_no: &'a str,
    pub birth_date: &'a str,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub printed: &'a str,
    /// A minor whose legal representative has not consented yet.
    pub guardian_pending: bool,
    pub items: &'a [ConsentCopyItem],
}

pub fn consent_copy(texts: &Texts, copy: &ConsentCopy<'_>) -> Result<Vec<u8>, FormError> {
    let title = texts.get("form-consent-title");
    let mut f = Form::new(texts, &title, copy.clinic_name)?;
    f.heading(&title, 18.0);
    for (id, value) in [
        ("form-consent-patient", copy.patient_name),
        ("form-consent-chart", copy.chart_no),
        ("form-consent-birth", copy.birth_date),
        ("form-consent-printed", copy.printed),
    ] {
        f.paragraph(&texts.format(id, &[("value", Arg::from(value))]), 10.5);
    }
    if copy.guardian_pending {
        f.paragraph(&texts.get("form-consent-guardian-pending"), 11.0);
    }
    if copy.items.is_empty() {
        f.paragraph(&texts.get("form-consent-none"), 11.0);
    }
    let inner_x = MARGIN + 4.0;
    let inner_w = PAGE_W - 2.0 * MARGIN - 4.0;
    for c in copy.items {
        f.ensure(30.0);
        f.y += 2.0;
        f.rule(MARGIN, f.y, PAGE_W - MARGIN, 0.4);
        let heading = match &c.text {
            Some(t) => t.title.clone(),
            None => texts.get(&format!("form-consent-item-{}", c.item)),
        };
        f.heading(&heading, 12.5);
        let decision = match (c.granted, c.withdrawal) {
            (true, _) => "form-consent-agreed",
            (false, true) => "form-consent-withdrawn",
            (false, false) => "form-consent-refused",
        };
        f.paragraph(&format!("▶ {}", texts.get(decision)), 12.0);
        if let Some(t) = &c.text {
            for line in t.body.lines() {
                f.paragraph_in(inner_x, inner_w, line, 9.5, 0.15);
            }
        }
        let version = c
            .text
            .as_ref()
            .map(|t| t.short_hash().to_string())
            .unwrap_or_else(|| "-".into());
        f.paragraph_in(
            inner_x,
            inner_w,
            &texts.format(
                "form-consent-record",
                &[
                    ("when", Arg::from(c.recorded.as_str())),
                    (
                        "signer",
                        Arg::from(texts.get(&format!("form-signer-{}", c.signer.as_str()))),
                    ),
                    (
                        "method",
                        Arg::from(texts.get(&format!("form-method-{}", c.method.as_str()))),
                    ),
                    ("staff", Arg::from(c.taken_by.as_str())),
                    ("version", Arg::from(version)),
                ],
            ),
            9.0,
            0.35,
        );
    }
    f.y += 4.0;
    f.paragraph(&texts.get("form-consent-rights"), 10.0);
    Ok(f.finish(&texts.get("form-consent-footer")))
}
