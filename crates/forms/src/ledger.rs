//! The CCTV management ledger (개인영상정보 관리대장): an A4 landscape table, and the same rows
//! as CSV (UTF-8 with a byte-order mark, so Excel opens Korean correctly).

use crate::FormError;
use crate::layout::{Form, MARGIN, label};
use jeopsu_core::cctv::{Decision, LedgerRow, RequestAnswer, RequestKind};
use jeopsu_i18n::{Arg, Texts};

/// The ledger's columns, in order, with their share of the landscape width.
const COLUMNS: [(&str, f32); 10] = [
    ("cctv-col-no", 0.05),
    ("cctv-col-kind", 0.06),
    ("cctv-col-at", 0.10),
    ("cctv-col-footage", 0.16),
    ("cctv-col-staff", 0.08),
    ("cctv-col-purpose", 0.17),
    ("cctv-col-party", 0.09),
    ("cctv-col-basis", 0.13),
    ("cctv-col-form", 0.08),
    ("cctv-col-period", 0.08),
];

/// One ledger row as the reader sees it, column by column.
pub fn ledger_cells(texts: &Texts, r: &LedgerRow) -> [String; 10] {
    let mut no = r.no.to_string();
    if let Some(old) = r.corrects {
        no = format!(
            "{no} ({})",
            texts.format("cctv-corrects", &[("no", Arg::from(old))])
        );
    }
    let mut purpose = format!(
        "[{}] {}",
        label(texts, "cctv-reason", r.reason.as_str()),
        r.purpose
    );
    if let Some(req) = r.request_id {
        purpose = format!("{purpose} ({} {req})", texts.get("cctv-col-request"));
    }
    let mut basis = label(texts, "cctv-basis", r.basis.as_str());
    if let Some(t) = &r.basis_text {
        basis = format!("{basis}: {t}");
    }
    let mut staff = r.staff.clone();
    if let Some(a) = &r.approved_by {
        staff = format!(
            "{staff} · {}",
            texts.format("cctv-approved-by", &[("name", Arg::from(a.as_str()))])
        );
    }
    if let Some(p) = &r.staff_present {
        staff = format!(
            "{staff} · {}",
            texts.format("cctv-present", &[("name", Arg::from(p.as_str()))])
        );
    }
    [
        no,
        label(texts, "cctv-kind", r.kind.as_str()),
        r.at.clone(),
        r.footage.clone(),
        staff,
        purpose,
        r.party.clone(),
        basis,
        // A destruction row's form is its method, shown in words.
        match (r.kind, jeopsu_core::cctv::DestructionMethod::parse(&r.form)) {
            (jeopsu_core::cctv::LedgerKind::Destruction, Some(m)) => {
                label(texts, "cctv-method", m.as_str())
            }
            _ => r.form.clone(),
        },
        r.period.clone(),
    ]
}

#[derive(Debug)]
pub struct LedgerDoc<'a> {
    pub clinic_name: &'a str,
    /// `YYYY-MM-DD`.
    pub from: &'a str,
    pub to: &'a str,
    pub rows: &'a [LedgerRow],
    /// The requests answered in the period.
    pub answers: &'a [RequestAnswer],
    /// `YYYY-MM-DD HH:MM`.
    pub printed_at: &'a str,
    pub printed_by: &'a str,
}

const ANSWER_COLUMNS: [(&str, f32); 8] = [
    ("cctv-col-request", 0.07),
    ("cctv-ans-received", 0.12),
    ("cctv-ans-kind", 0.09),
    ("cctv-ans-relation", 0.14),
    ("cctv-ans-decided", 0.12),
    ("cctv-ans-by", 0.1),
    ("cctv-ans-decision", 0.12),
    ("cctv-ans-ground", 0.24),
];

/// One answered request as the reader sees it, column by column.
pub fn answer_cells(texts: &Texts, a: &RequestAnswer) -> [String; 8] {
    let decision = if a.kind == RequestKind::Confirm && a.decision.decision != Decision::Refuse {
        texts.get("cctv-ans-existence-answered")
    } else {
        label(texts, "cctv-decision", a.decision.decision.as_str())
    };
    let mut ground = a
        .decision
        .ground
        .map(|g| label(texts, "cctv-ground", g.as_str()))
        .unwrap_or_default();
    if let Some(t) = &a.decision.ground_text {
        ground = format!("{ground} {t}").trim().to_string();
    }
    [
        a.request_id.to_string(),
        a.received_at.clone(),
        label(texts, "cctv-request-kind", a.kind.as_str()),
        label(texts, "cctv-relation", a.relation.as_str()),
        a.decided_at.clone(),
        a.decided_by.clone(),
        decision,
        ground,
    ]
}

/// A table over the text width (`shares` of it per column); the header row repeats on every
/// page.
fn table(f: &mut Form<'_>, headers: &[String], shares: &[f32], rows: &[Vec<String>]) {
    const SIZE: f32 = 8.0;
    const LINE: f32 = SIZE * 1.45 * 25.4 / 72.0;
    let total = f.text_w();
    let widths: Vec<f32> = shares.iter().map(|share| share * total).collect();
    let height = |f: &Form<'_>, cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| f.metrics.wrap(c, SIZE, w - 2.0).len())
            .max()
            .unwrap_or(1)
            .max(1) as f32
            * LINE
            + 2.5
    };
    let draw_row = |f: &mut Form<'_>, cells: &[String], shade: f32| {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| f.metrics.wrap(c, SIZE, w - 2.0))
            .collect();
        let h = height(f, cells);
        let top = f.y;
        let mut x = MARGIN;
        for (cell, w) in wrapped.iter().zip(&widths) {
            for (i, l) in cell.iter().enumerate() {
                f.text_at(x + 1.0, top + LINE * (i as f32 + 1.0), SIZE, l, shade);
            }
            x += w;
        }
        f.rule(MARGIN, top + h, MARGIN + total, 0.3);
        f.y = top + h;
    };
    let header = |f: &mut Form<'_>| {
        f.rule(MARGIN, f.y, MARGIN + total, 0.8);
        draw_row(f, headers, 0.25);
        f.rule(MARGIN, f.y, MARGIN + total, 0.8);
    };
    f.y += 2.0;
    if f.y + height(f, headers) * 2.0 > f.page_h - 20.0 {
        f.new_page();
    }
    header(f);
    for cells in rows {
        if f.y + height(f, cells) > f.page_h - 20.0 {
            f.new_page();
            header(f);
        }
        draw_row(f, cells, 0.0);
    }
}

/// The ledger as an A4 landscape table; the header row repeats on every page. After it, the
/// requests answered in the same period (existence answers and refusals write no row).
pub fn ledger_pdf(texts: &Texts, d: &LedgerDoc<'_>) -> Result<Vec<u8>, FormError> {
    let title = texts.get("cctv-ledger-title");
    let mut f = Form::landscape(texts, &title, d.clinic_name)?;
    f.heading(&title, 15.0);
    f.paragraph(
        &format!(
            "{}    {}",
            texts.format(
                "cctv-ledger-period",
                &[("from", Arg::from(d.from)), ("to", Arg::from(d.to))]
            ),
            texts.format("cctv-ledger-count", &[("count", Arg::from(d.rows.len()))]),
        ),
        10.0,
    );
    let headers: Vec<String> = COLUMNS.iter().map(|(id, _)| texts.get(id)).collect();
    let shares: Vec<f32> = COLUMNS.iter().map(|(_, s)| *s).collect();
    let cells: Vec<Vec<String>> = d
        .rows
        .iter()
        .map(|r| ledger_cells(texts, r).to_vec())
        .collect();
    table(&mut f, &headers, &shares, &cells);
    if d.rows.is_empty() {
        f.y += 4.0;
        f.paragraph(&texts.get("cctv-ledger-empty"), 10.0);
    }
    f.y += 6.0;
    // The heading stays with its table.
    f.ensure(40.0);
    f.heading(&texts.get("cctv-answers-title"), 12.0);
    f.paragraph(&texts.get("cctv-answers-help"), 8.5);
    let headers: Vec<String> = ANSWER_COLUMNS.iter().map(|(id, _)| texts.get(id)).collect();
    let shares: Vec<f32> = ANSWER_COLUMNS.iter().map(|(_, s)| *s).collect();
    let cells: Vec<Vec<String>> = d
        .answers
        .iter()
        .map(|a| answer_cells(texts, a).to_vec())
        .collect();
    table(&mut f, &headers, &shares, &cells);
    if d.answers.is_empty() {
        f.y += 4.0;
        f.paragraph(&texts.get("cctv-answers-empty"), 10.0);
    }
    let footer = texts.format(
        "cctv-ledger-footer",
        &[
            ("at", Arg::from(d.printed_at)),
            ("by", Arg::from(d.printed_by)),
        ],
    );
    Ok(f.finish(&footer))
}

/// A cell as a spreadsheet must not run it: text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, so Excel or LibreOffice shows it as text instead of
/// evaluating a formula (`=HYPERLINK(...)` typed into a purpose field). A lone `-` (the ledger's
/// "nothing here") and plain numbers stay as they are.
pub fn csv_cell(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let plain_number = s.parse::<f64>().is_ok() && !s.contains(['e', 'E', 'i', 'I', 'n', 'N']);
    if risky && s != "-" && !plain_number {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn safe(cells: Vec<String>) -> Vec<String> {
    cells.iter().map(|c| csv_cell(c)).collect()
}

/// The ledger as CSV: a UTF-8 byte-order mark, a header row, one row per entry, with the request
/// number and the corrected row in their own columns so a spreadsheet can filter on them. After
/// an empty line, the requests answered in the period under their own header row.
pub fn ledger_csv(
    texts: &Texts,
    rows: &[LedgerRow],
    answers: &[RequestAnswer],
) -> Result<Vec<u8>, FormError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut header: Vec<String> = COLUMNS.iter().map(|(id, _)| texts.get(id)).collect();
        header.push(texts.get("cctv-col-request"));
        header.push(texts.get("cctv-col-corrects"));
        w.write_record(&header)
            .map_err(|e| FormError::Csv(e.to_string()))?;
        for r in rows {
            let mut cells = ledger_cells(texts, r).to_vec();
            cells[0] = r.no.to_string();
            cells.push(r.request_id.map(|n| n.to_string()).unwrap_or_default());
            cells.push(r.corrects.map(|n| n.to_string()).unwrap_or_default());
            w.write_record(safe(cells))
                .map_err(|e| FormError::Csv(e.to_string()))?;
        }
        w.flush().map_err(|e| FormError::Csv(e.to_string()))?;
    }
    // Every record as wide as the ledger's, so a strict reader takes the whole file.
    let width = COLUMNS.len() + 2;
    let pad = |mut cells: Vec<String>| {
        cells.resize(width, String::new());
        cells
    };
    out.extend_from_slice(b"\r\n");
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(pad(vec![texts.get("cctv-answers-title")]))
            .map_err(|e| FormError::Csv(e.to_string()))?;
        let header: Vec<String> = ANSWER_COLUMNS.iter().map(|(id, _)| texts.get(id)).collect();
        w.write_record(pad(header))
            .map_err(|e| FormError::Csv(e.to_string()))?;
        for a in answers {
            w.write_record(pad(safe(answer_cells(texts, a).to_vec())))
                .map_err(|e| FormError::Csv(e.to_string()))?;
        }
        w.flush().map_err(|e| FormError::Csv(e.to_string()))?;
    }
    Ok(out)
}
