//! A4 page layout: text measured with the font's own advances and wrapped between words
//! (eojeol for Korean, never inside one), a header with the clinic name, page-numbered footers.

use crate::FormError;
use jeopsu_i18n::{Arg, Texts};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem,
};

/// Nanum Gothic (OFL), the same font the app's UI bundles.
pub const FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/NanumGothic.ttf");

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
pub const MARGIN: f32 = 20.0;
/// The footer's baseline, from the bottom edge.
const FOOTER_FROM_BOTTOM: f32 = 12.0;
const PT_PER_MM: f32 = 72.0 / 25.4;

/// Measures text with the font's horizontal advances.
pub struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

impl Metrics {
    pub fn new() -> Result<Metrics, FormError> {
        let face =
            ttf_parser::Face::parse(FONT_BYTES, 0).map_err(|e| FormError::Font(e.to_string()))?;
        let units_per_em = f32::from(face.units_per_em());
        Ok(Metrics { face, units_per_em })
    }

    /// Width of `text` at `size_pt`, in millimetres.
    pub fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(self.units_per_em / 2.0, f32::from)
            })
            .sum();
        units / self.units_per_em * size_pt / PT_PER_MM
    }

    /// Splits `text` into lines no wider than `width_mm`, breaking at spaces; a single word
    /// wider than the line (a long number, say) is broken between characters.
    pub fn wrap(&self, text: &str, size_pt: f32, width_mm: f32) -> Vec<String> {
        let mut lines = vec![];
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width_mm(&candidate, size_pt) <= width_mm {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width_mm(word, size_pt) <= width_mm {
                    line = word.to_string();
                } else {
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if self.width_mm(&next, size_pt) > width_mm && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            next = c.to_string();
                        }
                        line = next;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Builds a document page by page; positions are millimetres from the top-left corner.
pub struct Form<'t> {
    doc: PdfDocument,
    font: FontId,
    pub metrics: Metrics,
    texts: &'t Texts,
    header: String,
    pages: Vec<Vec<Op>>,
    /// Where the next block starts, from the top of the current page.
    pub y: f32,
    /// The page size in millimetres (A4 portrait unless made [`Form::landscape`]).
    pub page_w: f32,
    pub page_h: f32,
}

fn grey(level: f32) -> Color {
    Color::Rgb(Rgb {
        r: level,
        g: level,
        b: level,
        icc_profile: None,
    })
}

impl<'t> Form<'t> {
    pub fn new(texts: &'t Texts, title: &str, header: &str) -> Result<Form<'t>, FormError> {
        let mut warnings = vec![];
        let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut warnings)
            .ok_or_else(|| FormError::Font("not a usable TrueType font".into()))?;
        let mut doc = PdfDocument::new(title);
        let font = doc.add_font(&parsed);
        let mut f = Form {
            doc,
            font,
            metrics: Metrics::new()?,
            texts,
            header: header.to_string(),
            pages: vec![],
            y: 0.0,
            page_w: PAGE_W,
            page_h: PAGE_H,
        };
        f.new_page();
        Ok(f)
    }

    /// An A4 landscape document (wide tables such as the CCTV ledger).
    pub fn landscape(texts: &'t Texts, title: &str, header: &str) -> Result<Form<'t>, FormError> {
        let mut f = Form::new(texts, title, header)?;
        f.page_w = PAGE_H;
        f.page_h = PAGE_W;
        f.pages.clear();
        f.new_page();
        Ok(f)
    }

    fn pt(&self, x_mm: f32, y_top_mm: f32) -> Point {
        Point::new(Mm(x_mm), Mm(self.page_h - y_top_mm))
    }

    fn footer_y(&self) -> f32 {
        self.page_h - FOOTER_FROM_BOTTOM
    }

    /// The width between the margins.
    pub fn text_w(&self) -> f32 {
        self.page_w - 2.0 * MARGIN
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(vec![]);
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn new_page(&mut self) {
        self.pages.push(vec![]);
        let header = self.header.clone();
        self.text_at(MARGIN, 14.0, 9.0, &header, 0.35);
        self.rule(MARGIN, 17.0, self.page_w - MARGIN, 0.3);
        self.y = 28.0;
    }

    /// Starts a new page when fewer than `needed_mm` remain above the footer.
    pub fn ensure(&mut self, needed_mm: f32) {
        if self.y + needed_mm > self.footer_y() - 8.0 {
            self.new_page();
        }
    }

    /// One line of text with its baseline at `y_top` mm from the top. `shade` 0 = black.
    pub fn text_at(&mut self, x: f32, y_top: f32, size_pt: f32, text: &str, shade: f32) {
        let font = self.font.clone();
        let at = self.pt(x, y_top);
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFillColor { col: grey(shade) },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size_pt),
            },
            Op::SetTextCursor { pos: at },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    /// A wrapped paragraph across the text width, advancing `y`.
    pub fn paragraph(&mut self, text: &str, size_pt: f32) {
        self.paragraph_in(MARGIN, self.text_w(), text, size_pt, 0.0);
    }

    pub fn paragraph_in(&mut self, x: f32, width: f32, text: &str, size_pt: f32, shade: f32) {
        let line_h = size_pt * 1.5 / PT_PER_MM;
        for line in self.metrics.wrap(text, size_pt, width) {
            self.ensure(line_h);
            self.y += line_h;
            self.text_at(x, self.y, size_pt, &line, shade);
        }
        self.y += line_h * 0.5;
    }

    /// The height [`Form::paragraph_in`] would take, to keep a block on one page.
    pub fn paragraph_height(&self, width: f32, text: &str, size_pt: f32) -> f32 {
        let line_h = size_pt * 1.5 / PT_PER_MM;
        self.metrics.wrap(text, size_pt, width).len() as f32 * line_h + line_h * 0.5
    }

    /// The room on a page between the header and the footer.
    pub fn page_room(&self) -> f32 {
        self.footer_y() - 8.0 - 28.0
    }

    pub fn heading(&mut self, text: &str, size_pt: f32) {
        self.ensure(size_pt);
        self.y += size_pt * 0.6 / PT_PER_MM;
        self.paragraph(text, size_pt);
    }

    pub fn rule(&mut self, x1: f32, y: f32, x2: f32, thickness_pt: f32) {
        let (a, b) = (self.pt(x1, y), self.pt(x2, y));
        self.ops().extend([
            Op::SetOutlineColor { col: grey(0.3) },
            Op::SetOutlineThickness {
                pt: Pt(thickness_pt),
            },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: a,
                            bezier: false,
                        },
                        LinePoint {
                            p: b,
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    /// A rectangle outline, `(x, y)` its top-left corner.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, thickness_pt: f32) {
        let corners: Vec<LinePoint> = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            .iter()
            .map(|(a, b)| LinePoint {
                p: self.pt(*a, *b),
                bezier: false,
            })
            .collect();
        self.ops().extend([
            Op::SetOutlineColor { col: grey(0.1) },
            Op::SetOutlineThickness {
                pt: Pt(thickness_pt),
            },
            Op::DrawLine {
                line: Line {
                    points: corners,
                    is_closed: true,
                },
            },
        ]);
    }

    /// An open line through `points` (millimetres from the top-left), drawn in near-black ink.
    pub fn polyline(&mut self, points: &[(f32, f32)], thickness_pt: f32) {
        if points.len() < 2 {
            return;
        }
        let points: Vec<LinePoint> = points
            .iter()
            .map(|(a, b)| LinePoint {
                p: self.pt(*a, *b),
                bezier: false,
            })
            .collect();
        self.ops().extend([
            Op::SetOutlineColor { col: grey(0.05) },
            Op::SetOutlineThickness {
                pt: Pt(thickness_pt),
            },
            Op::SetLineCapStyle {
                cap: printpdf::LineCapStyle::Round,
            },
            Op::SetLineJoinStyle {
                join: printpdf::LineJoinStyle::Round,
            },
            Op::DrawLine {
                line: Line {
                    points,
                    is_closed: false,
                },
            },
        ]);
    }

    /// Adds the page-numbered footers and returns the PDF bytes (fonts subset).
    pub fn finish(mut self, footer_note: &str) -> Vec<u8> {
        let total = self.pages.len();
        let mut pages = std::mem::take(&mut self.pages);
        for (i, ops) in pages.iter_mut().enumerate() {
            self.pages = vec![std::mem::take(ops)];
            let label = self.texts.format(
                "form-page-of",
                &[("page", Arg::from(i + 1)), ("pages", Arg::from(total))],
            );
            let (fy, pw) = (self.footer_y(), self.page_w);
            self.rule(MARGIN, fy - 5.0, pw - MARGIN, 0.3);
            self.text_at(MARGIN, fy, 8.0, footer_note, 0.35);
            let w = self.metrics.width_mm(&label, 8.0);
            self.text_at(pw - MARGIN - w, fy, 8.0, &label, 0.35);
            *ops = self.pages.pop().unwrap_or_default();
        }
        let pdf_pages = pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm(self.page_w), Mm(self.page_h), ops))
            .collect();
        let mut warnings = vec![];
        self.doc.with_pages(pdf_pages).save(
            &PdfSaveOptions {
                subset_fonts: true,
                ..Default::default()
            },
            &mut warnings,
        )
    }
}

/// The words for a stored value: the message `{prefix}-{value}` (e.g. `cctv-kind-viewing`).
pub(crate) fn label(texts: &Texts, prefix: &str, value: &str) -> String {
    texts.get(&format!("{prefix}-{value}"))
}

pub(crate) const BOX_ON: &str = "■";
pub(crate) const BOX_OFF: &str = "□";

pub(crate) fn tick(on: bool) -> &'static str {
    if on { BOX_ON } else { BOX_OFF }
}

/// A labelled value on one line; a rule to write on when the value is empty.
pub(crate) fn field(f: &mut Form<'_>, x: f32, w: f32, label: &str, value: &str) {
    f.text_at(x, f.y + 5.0, 9.0, label, 0.35);
    let lw = f.metrics.width_mm(label, 9.0) + 3.0;
    if value.is_empty() {
        f.rule(x + lw, f.y + 6.0, x + w - 4.0, 0.3);
    } else {
        f.text_at(x + lw, f.y + 5.0, 11.0, value, 0.0);
    }
}

/// Tick boxes in a row: `☑ label   ☐ label`.
pub(crate) fn choices(labels: &[(String, bool)]) -> String {
    labels
        .iter()
        .map(|(l, on)| format!("{} {l}", tick(*on)))
        .collect::<Vec<_>>()
        .join("   ")
}

/// How to object to what a notice says: `first` is the notice's own sentence (naming the
/// officer to speak to), then the outside bodies, the same on every notice.
pub(crate) fn how_to_object(f: &mut Form<'_>, texts: &Texts, first: &str) {
    f.heading(&texts.get("notice-object-title"), 12.0);
    f.paragraph(first, 10.5);
    f.paragraph(&texts.get("notice-object-bodies"), 10.5);
}

/// A row of tick boxes after a label.
pub(crate) fn tick_row(f: &mut Form<'_>, label_text: &str, options: &[(String, bool)]) {
    f.ensure(10.0);
    f.text_at(MARGIN, f.y + 5.0, 9.0, label_text, 0.35);
    let lw = f.metrics.width_mm(label_text, 9.0) + 3.0;
    let w = f.text_w() - lw;
    f.paragraph_in(MARGIN + lw, w, &choices(options), 10.5, 0.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_between_words_and_respects_the_width() {
        let m = Metrics::new().expect("font");
        let text = "미성년자의 개인정보를 수집할 때에는 반드시 법정대리인의 동의를 받습니다. The clinic keeps the patient list for five years.";
        let lines = m.wrap(text, 11.0, 60.0);
        assert!(lines.len() > 2, "wrapped: {lines:?}");
        for l in &lines {
            assert!(m.width_mm(l, 11.0) <= 60.0 + 0.01, "{l:?} too wide");
        }
        let rejoined = lines.join(" ");
        assert_eq!(rejoined, text, "no word was split or lost");
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_between_characters() {
        let m = Metrics::new().expect("font");
        let lines = m.wrap("0123456789012345678901234567890123456789", 12.0, 20.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "0123456789012345678901234567890123456789");
    }

    #[test]
    fn hangul_is_wider_than_latin_digits() {
        let m = Metrics::new().expect("font");
        assert!(m.width_mm("가나다", 10.0) > m.width_mm("123", 10.0));
    }
}
