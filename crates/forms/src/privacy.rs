//! Paper for data-subject requests: the result notice to the requester (with the law and date
//! for what must be kept, and how to object), and the subject's copy of everything held about
//! them, rendered from the same JSON the `--format json` export writes, so both say the same.

use crate::FormError;
use crate::layout::{Form, MARGIN, field, how_to_object, label};
use jeopsu_core::privacy::{Answer, PrivacyRequest};
use jeopsu_i18n::{Arg, Texts};
use serde_json::Value;

#[derive(Debug)]
pub struct PrivacyNotice<'a> {
    pub clinic_name: &'a str,
    pub officer: &'a str,
    pub officer_contact: &'a str,
    pub id: i64,
    pub chart_no: &'a str,
    pub request: &'a PrivacyRequest,
    pub answer: &'a Answer,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
}

pub fn privacy_notice(texts: &Texts, n: &PrivacyNotice<'_>) -> Result<Vec<u8>, FormError> {
    let title = texts.get("privacy-notice-title");
    let mut f = Form::new(texts, &title, n.clinic_name)?;
    f.heading(&title, 15.0);
    let r = n.request;
    f.paragraph(
        &texts.format(
            "privacy-notice-to",
            &[("name", Arg::from(r.requester_name.as_str()))],
        ),
        12.0,
    );
    f.paragraph(
        &texts.format(
            "privacy-notice-intro",
            &[
                ("received", Arg::from(r.received_at.as_str())),
                ("no", Arg::from(n.id)),
                ("chart", Arg::from(n.chart_no)),
            ],
        ),
        11.0,
    );
    let w = f.text_w();
    let what = texts.format(
        "privacy-notice-request-value",
        &[
            (
                "kind",
                Arg::from(label(texts, "privacy-kind", r.kind.as_str())),
            ),
            (
                "target",
                Arg::from(label(texts, "privacy-target", r.target.as_str())),
            ),
            (
                "capacity",
                Arg::from(label(texts, "privacy-capacity", r.capacity.as_str())),
            ),
        ],
    );
    field(
        &mut f,
        MARGIN,
        w,
        &texts.get("privacy-notice-request"),
        &what,
    );
    f.y += 9.0;
    f.heading(&texts.get("privacy-notice-details"), 11.0);
    f.paragraph(&r.details, 10.5);
    f.heading(&texts.get("privacy-notice-outcome"), 12.0);
    f.paragraph(
        &label(texts, "privacy-outcome", n.answer.outcome.as_str()),
        13.0,
    );
    if !n.answer.result.is_empty() {
        f.heading(&texts.get("privacy-notice-result"), 11.0);
        f.paragraph(&n.answer.result, 11.0);
    }
    if let Some(reason) = &n.answer.reason {
        f.heading(&texts.get("privacy-notice-reason"), 11.0);
        f.paragraph(reason, 11.0);
    }
    if let Some(on) = &n.answer.follow_up_on {
        f.paragraph(
            &texts.format(
                "privacy-notice-follow-up",
                &[("date", Arg::from(on.as_str()))],
            ),
            11.0,
        );
    }
    if let Some(k) = &n.answer.kept_by_law {
        f.paragraph(
            &texts.format(
                "privacy-notice-kept",
                &[
                    (
                        "law",
                        Arg::from(label(texts, "privacy-law", k.category.as_str())),
                    ),
                    (
                        "category",
                        Arg::from(label(texts, "privacy-category", k.category.as_str())),
                    ),
                    ("until", Arg::from(k.until.as_str())),
                ],
            ),
            11.0,
        );
    }
    let officer = [
        ("officer", Arg::from(n.officer)),
        ("contact", Arg::from(n.officer_contact)),
    ];
    how_to_object(
        &mut f,
        texts,
        &texts.format("privacy-notice-object-1", &officer),
    );
    f.y += 4.0;
    field(
        &mut f,
        MARGIN,
        w / 2.0,
        &texts.get("privacy-notice-date"),
        n.date,
    );
    f.y += 10.0;
    f.paragraph(
        &texts.format(
            "privacy-notice-signer",
            &[
                ("clinic", Arg::from(n.clinic_name)),
                ("officer", Arg::from(n.officer)),
            ],
        ),
        11.0,
    );
    Ok(f.finish(&texts.format("privacy-notice-footer", &[("no", Arg::from(n.id))])))
}

/// A value as one line of text: scalars as they are, small objects as `key: value` pairs.
fn inline(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(inline).collect::<Vec<_>>().join(", "),
        Value::Object(m) => m
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}: {}", inline(v)))
            .collect::<Vec<_>>()
            .join(" · "),
        other => other.to_string(),
    }
}

/// The subject's copy from the export's JSON: one section per top-level part, each object's
/// fields on their own lines, each list item as one line.
pub fn subject_copy(
    texts: &Texts,
    clinic_name: &str,
    export: &Value,
) -> Result<Vec<u8>, FormError> {
    let title = texts.get("privacy-copy-title");
    let mut f = Form::new(texts, &title, clinic_name)?;
    f.heading(&title, 16.0);
    let patient = &export["patient"];
    let name = patient["name"].as_str().unwrap_or_default();
    let chart = patient["chart_no"].as_str().unwrap_or_default();
    f.paragraph(
        &texts.format(
            "privacy-copy-intro",
            &[
                ("clinic", Arg::from(clinic_name)),
                ("name", Arg::from(name)),
            ],
        ),
        10.5,
    );
    f.paragraph(
        &texts.format(
            "privacy-copy-exported",
            &[(
                "at",
                Arg::from(export["exported_at"].as_str().unwrap_or_default()),
            )],
        ),
        9.5,
    );
    let w = f.text_w() - 4.0;
    for key in ["patient", "requests", "holds", "kept_until", "access_log"] {
        f.heading(&texts.get(&format!("privacy-copy-section-{key}")), 12.0);
        match &export[key] {
            Value::Object(m) => {
                for (k, v) in m {
                    match v {
                        Value::Array(items) if !items.is_empty() => {
                            f.paragraph_in(MARGIN, w, &format!("{k}:"), 9.5, 0.0);
                            for item in items {
                                f.paragraph_in(
                                    MARGIN + 4.0,
                                    w - 4.0,
                                    &format!("• {}", inline(item)),
                                    8.5,
                                    0.0,
                                );
                            }
                        }
                        _ => f.paragraph_in(MARGIN, w, &format!("{k}: {}", inline(v)), 9.5, 0.0),
                    }
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for item in items {
                    f.paragraph_in(MARGIN, w, &format!("• {}", inline(item)), 8.5, 0.0);
                }
            }
            Value::Array(_) | Value::Null => f.paragraph(&texts.get("privacy-copy-none"), 9.5),
            v => f.paragraph(&inline(v), 10.5),
        }
    }
    Ok(f.finish(&texts.format("privacy-copy-footer", &[("chart", Arg::from(chart))])))
}
