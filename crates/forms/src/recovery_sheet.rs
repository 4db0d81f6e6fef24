//! The recovery sheet: printed once at setup, kept under lock. It is the only way into the data
//! on a new PC, so it says plainly what it is, how to keep it, and what losing it means.

use crate::FormError;
use crate::layout::{Form, MARGIN, PAGE_W};
use jeopsu_i18n::{Arg, Texts};

/// What the sheet shows. The phrase groups are the secret; the database id (not secret) ties the
/// sheet to its installation.
#[derive(Debug)]
pub struct RecoverySheet<'a> {
    pub clinic_name: &'a str,
    pub groups: &'a [String],
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub created: &'a str,
    pub database_id: &'a str,
}

pub fn recovery_sheet(texts: &Texts, sheet: &RecoverySheet<'_>) -> Result<Vec<u8>, FormError> {
    let title = texts.get("form-recovery-title");
    let mut f = Form::new(texts, &title, sheet.clinic_name)?;
    f.heading(&title, 20.0);
    f.paragraph(&texts.get("form-recovery-intro"), 11.0);

    // The groups, large and boxed, numbered, in one row of seven (or two rows if needed).
    f.y += 4.0;
    let box_w = 22.0;
    let gap = (PAGE_W - 2.0 * MARGIN - box_w * 7.0) / 6.0;
    let top = f.y;
    for (i, g) in sheet.groups.iter().enumerate() {
        let x = MARGIN + (box_w + gap) * i as f32;
        f.rect(x, top, box_w, 16.0, 1.0);
        let n = (i + 1).to_string();
        let nw = f.metrics.width_mm(&n, 7.0);
        f.text_at(x + (box_w - nw) / 2.0, top + 4.5, 7.0, &n, 0.4);
        let w = f.metrics.width_mm(g, 13.0);
        f.text_at(x + (box_w - w) / 2.0, top + 12.0, 13.0, g, 0.0);
    }
    f.y = top + 22.0;
    f.paragraph(
        &texts.format(
            "form-recovery-typed",
            &[("phrase", Arg::from(sheet.groups.join("-")))],
        ),
        10.0,
    );

    f.heading(&texts.get("form-recovery-keep-title"), 13.0);
    for id in [
        "form-recovery-keep-1",
        "form-recovery-keep-2",
        "form-recovery-keep-3",
        "form-recovery-keep-4",
    ] {
        f.paragraph_in(
            MARGIN + 4.0,
            PAGE_W - 2.0 * MARGIN - 4.0,
            &format!("• {}", texts.get(id)),
            11.0,
            0.0,
        );
    }
    f.heading(&texts.get("form-recovery-loss-title"), 13.0);
    f.paragraph(&texts.get("form-recovery-loss"), 11.0);

    f.heading(&texts.get("form-recovery-details"), 13.0);
    f.paragraph(
        &texts.format(
            "form-recovery-clinic",
            &[("name", Arg::from(sheet.clinic_name))],
        ),
        10.0,
    );
    f.paragraph(
        &texts.format(
            "form-recovery-created",
            &[("date", Arg::from(sheet.created))],
        ),
        10.0,
    );
    f.paragraph(
        &texts.format(
            "form-recovery-db-id",
            &[("id", Arg::from(sheet.database_id))],
        ),
        10.0,
    );
    f.y += 6.0;
    f.rule(MARGIN, f.y + 10.0, MARGIN + 70.0, 0.5);
    f.text_at(
        MARGIN,
        f.y + 15.0,
        9.0,
        &texts.get("form-recovery-stored-by"),
        0.35,
    );
    f.rule(MARGIN + 90.0, f.y + 10.0, PAGE_W - MARGIN, 0.5);
    f.text_at(
        MARGIN + 90.0,
        f.y + 15.0,
        9.0,
        &texts.get("form-recovery-stored-where"),
        0.35,
    );
    Ok(f.finish(&texts.get("form-recovery-footer")))
}
