//! The monthly access-log review for the privacy officer: the log filtered by staff, patient,
//! action and date, each row with what makes it stand out (`core::review`), and the review
//! itself recorded as done (month, who, when, comment). Reading the log is itself logged.

use crate::Store;
use crate::audit::Entry;
use crate::error::{Result, StoreError};
use chrono::NaiveDate;
use jeopsu_core::audit::{Action, Actor};
use jeopsu_core::field::FieldMessage;
use jeopsu_core::review::{Flag, Seen, flags};
use jeopsu_core::time;
use rusqlite::params;
use serde::Serialize;

/// Which rows to show. Dates are Seoul calendar days, both included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The first day.
    pub from: Option<NaiveDate>,
    /// The last day.
    pub to: Option<NaiveDate>,
    /// A staff username.
    pub staff: Option<String>,
    /// A patient id.
    pub patient: Option<i64>,
    /// One action's word.
    pub action: Option<String>,
    /// Only rows with a flag.
    pub flagged_only: bool,
    /// Show patients by chart number and name (for a role that may see patients' records);
    /// otherwise by chart number only.
    pub patient_names: bool,
    /// Which [`MAX_ROWS`] rows: 0 the newest, 1 the ones before them, and so on (a number past
    /// the oldest shows the oldest).
    pub page: u32,
    /// Only the log as it stood at the first page: rows up to this one ([`ReviewPage::upto`] of
    /// that page). The log grows while it is read (each page shown is itself a row, and the
    /// desk goes on working), and pages counted back from a newer end would move under the
    /// reader. `None`: the log as it stands.
    pub upto: Option<i64>,
}

/// One access-log row as the review shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewRow {
    /// Seoul time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// As logged (`staff:3:officer.park`).
    pub actor: String,
    /// Who, as a person reads it: a staff member's name and username (`박영희 (officer.park)`);
    /// the log text for the CLI and the app.
    pub who: String,
    /// The action's word (the screen names it in words, `audit-action-<word>`).
    pub action: String,
    /// As logged (`patient:17`).
    pub subject: Option<String>,
    /// The kind of the subject (one of `Subject::KINDS`), for the screen to name in words.
    pub about_kind: Option<String>,
    /// What about, as a person reads it: a patient's chart number (and name, see
    /// [`Filter::patient_names`]), a staff member's name, a privacy request's number and its
    /// patient's chart number (and name), a CCTV request's number, a file's path; the logged
    /// form for a patient whose record no longer exists.
    pub about: Option<String>,
    /// The reason given, if any.
    pub reason: Option<String>,
    /// Why the row may need a look (at night, many records in a short time, an RRN shown...).
    pub flags: Vec<Flag>,
}

/// At most this many rows are returned at a time (a page; [`Filter::page`]); the counts cover
/// all matching rows.
pub const MAX_ROWS: usize = 2000;

/// One page of the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewPage {
    /// One page of the matching rows, at most [`MAX_ROWS`], oldest first.
    pub rows: Vec<ReviewRow>,
    /// Which page this is, counted back from the newest (0).
    pub page: u32,
    /// How many pages the matching rows make (at least 1).
    pub pages: u32,
    /// The place of the page's first row among all the matching rows, oldest first, from 1
    /// (0 when nothing matches).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub first: i64,
    /// How many rows match.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: i64,
    /// How many of them have a flag.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub flagged: i64,
    /// The newest log row this page could show: the log as it stood when it was read. Given
    /// back as [`Filter::upto`], the next page is of the same rows.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub upto: i64,
}

/// The access-log rows that match `f`, with their flags; opening the review is itself logged.
pub fn query(store: &mut Store, actor: &Actor, f: &Filter) -> Result<ReviewPage> {
    if let (Some(a), Some(b)) = (f.from, f.to)
        && b < a
    {
        return Err(StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
            "to",
            FieldMessage::RangeOrder,
        )]));
    }
    store.write(|tx| {
        let from = f
            .from
            .and_then(time::seoul_midnight)
            .map(time::to_stored)
            .unwrap_or_default();
        let to =
            f.to.and_then(|d| d.succ_opt())
                .and_then(time::seoul_midnight)
                .map(time::to_stored)
                .unwrap_or_else(|| "9999".into());
        // A patient's own rows only ([`audit::patient_rows_start`]).
        let patient_start = match f.patient {
            Some(p) => crate::audit::patient_rows_start(tx.conn(), p)?,
            None => 0,
        };
        // The log as it stands, or as it stood at the first page.
        let newest: i64 =
            tx.conn()
                .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                    r.get(0)
                })?;
        let upto = f.upto.map_or(newest, |u| u.min(newest));
        let mut stmt = tx.conn().prepare(
            "SELECT at, actor, action, subject_kind, subject_id, reason FROM audit_log
             WHERE stream = 'access' AND id <= ?7 AND at >= ?1 AND at < ?2
               AND (?3 IS NULL OR substr(actor, -(length(?3) + 1)) = ':' || ?3)
               AND (?4 IS NULL OR (subject_kind = 'patient' AND subject_id = ?4 AND seq >= ?6))
               AND (?5 IS NULL OR action = ?5)
             ORDER BY at, id",
        )?;
        let raw = stmt
            .query_map(
                params![
                    from,
                    to,
                    f.staff,
                    f.patient.map(|p| p.to_string()),
                    f.action,
                    patient_start,
                    upto
                ],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let when: Vec<chrono::DateTime<chrono::Utc>> = raw
            .iter()
            .map(|r| time::from_stored(&r.0).unwrap_or_default())
            .collect();
        let seen: Vec<Seen<'_>> = raw
            .iter()
            .zip(&when)
            .map(|(r, t)| Seen {
                at: time::seoul_local(*t),
                actor: &r.1,
                action: &r.2,
            })
            .collect();
        let fl = flags(&seen);
        let of_kind = |kind: &str| -> std::collections::BTreeSet<i64> {
            raw.iter()
                .filter(|r| r.3.as_deref() == Some(kind))
                .filter_map(|r| r.4.as_deref()?.parse().ok())
                .collect()
        };
        let names = Names::load(
            tx,
            &of_kind("patient"),
            &of_kind("privacy-request"),
            f.patient_names,
        )?;
        let mut rows: Vec<ReviewRow> = raw
            .iter()
            .zip(fl)
            .zip(&when)
            .map(|((r, flags), t)| ReviewRow {
                at: time::display_seconds(*t),
                actor: r.1.clone(),
                who: names.staff.who(&r.1),
                action: r.2.clone(),
                subject: match (&r.3, &r.4) {
                    (Some(k), Some(i)) => Some(format!("{k}:{i}")),
                    _ => None,
                },
                about_kind: r.3.clone(),
                about: match (&r.3, &r.4) {
                    (Some(k), Some(i)) => Some(names.subject(k, i)),
                    _ => None,
                },
                reason: r.5.clone(),
                flags,
            })
            .filter(|r| !f.flagged_only || !r.flags.is_empty())
            .collect();
        let total = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        let flagged =
            i64::try_from(rows.iter().filter(|r| !r.flags.is_empty()).count()).unwrap_or(0);
        let w = jeopsu_core::review::page_window(rows.len(), f.page, MAX_ROWS);
        rows.truncate(w.end);
        rows.drain(..w.start);
        tx.log(
            Entry::new(Action::AuditListed, actor).detail(serde_json::json!({
                "review": true,
                "from": f.from.map(|d| d.to_string()),
                "to": f.to.map(|d| d.to_string()),
                "staff": f.staff,
                "patient": f.patient,
                "action": f.action,
                "rows": total,
                "page": w.page,
                "upto": upto,
            })),
        )?;
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        Ok(ReviewPage {
            first: if rows.is_empty() {
                0
            } else {
                count(w.start) + 1
            },
            rows,
            page: u32::try_from(w.page).unwrap_or(u32::MAX),
            pages: u32::try_from(w.pages).unwrap_or(u32::MAX),
            total,
            flagged,
            upto,
        })
    })
}

/// Staff and patients by id, to name them in the review (formatted here, once).
struct Names {
    staff: crate::staff::StaffNames,
    patients: std::collections::HashMap<i64, (String, String)>,
    /// A privacy request's patient: its id and the chart number the request was made under
    /// (kept after the record is destroyed).
    requests: std::collections::HashMap<i64, (i64, String)>,
    patient_names: bool,
}

impl Names {
    /// Every staff member, the patients and privacy requests `mentioned` in the rows (by id; a
    /// patient whose record was destroyed is left out), and the patients of those requests.
    fn load(
        tx: &crate::Tx<'_>,
        mentioned: &std::collections::BTreeSet<i64>,
        requests_mentioned: &std::collections::BTreeSet<i64>,
        patient_names: bool,
    ) -> Result<Names> {
        use rusqlite::OptionalExtension;
        let staff = crate::staff::StaffNames::load(tx.conn())?;
        let mut request = tx
            .conn()
            .prepare("SELECT patient_id, chart_no FROM privacy_requests WHERE id = ?1")?;
        let mut requests = std::collections::HashMap::new();
        for id in requests_mentioned {
            if let Some(r) = request
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
            {
                requests.insert(*id, r);
            }
        }
        let mut one = tx
            .conn()
            .prepare("SELECT chart_no, name FROM patients WHERE id = ?1")?;
        let mut patients = std::collections::HashMap::new();
        let their_patients = requests.values().map(|(p, _)| p);
        for id in mentioned.iter().chain(their_patients) {
            if let Some(p) = one
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
            {
                patients.insert(*id, p);
            }
        }
        Ok(Names {
            staff,
            patients,
            requests,
            patient_names,
        })
    }

    fn subject(&self, kind: &str, id: &str) -> String {
        let logged = || format!("{kind}:{id}");
        if kind == "file" {
            return id.to_string();
        }
        let Ok(n) = id.parse::<i64>() else {
            return logged();
        };
        match kind {
            "patient" => self.patient(n).unwrap_or_else(logged),
            "staff" => self
                .staff
                .name(n)
                .map(str::to_string)
                .unwrap_or_else(logged),
            "privacy-request" => match self.requests.get(&n) {
                Some((patient, chart)) => {
                    let who = self.patient(*patient).unwrap_or_else(|| chart.clone());
                    format!("#{n} · {who}")
                }
                None => format!("#{n}"),
            },
            "cctv-request" => format!("#{n}"),
            _ => logged(),
        }
    }

    /// A patient by chart number, and by name to a role allowed to see it.
    fn patient(&self, id: i64) -> Option<String> {
        self.patients
            .get(&id)
            .map(|(chart, name)| match self.patient_names {
                true => format!("{chart} {name}"),
                false => chart.clone(),
            })
    }
}

/// A month's review, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Review {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Seoul time.
    pub reviewed_at: String,
    /// The reviewer's log text.
    pub reviewer: String,
    /// What the reviewer noted.
    pub comment: String,
}

/// Records that `month` (`YYYY-MM`) was reviewed, with the reviewer's comment.
pub fn record(store: &mut Store, actor: &Actor, month: &str, comment: &str) -> Result<()> {
    let month = month.trim();
    if chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_err()
        || month.len() != 7
    {
        return Err(StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
            "month",
            FieldMessage::MonthFormat,
        )]));
    }
    let comment = jeopsu_core::field::text("comment", comment, 1000, true)
        .map_err(|p| StoreError::Invalid(vec![p]))?
        .unwrap_or_default();
    store.write(|tx| {
        tx.conn().execute(
            "INSERT INTO audit_reviews (month, reviewed_at, reviewer, comment) VALUES (?1, ?2, ?3, ?4)",
            params![month, time::to_stored(tx.now()), actor.to_log_text(), comment],
        )?;
        tx.log(Entry::new(Action::AuditReviewed, actor).detail(serde_json::json!({ "month": month })))?;
        Ok(())
    })
}

/// The reviews done, newest first.
pub fn reviews(store: &Store) -> Result<Vec<Review>> {
    let mut stmt = store.conn().prepare(
        "SELECT month, reviewed_at, reviewer, comment FROM audit_reviews ORDER BY id DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let at: String = r.get(1)?;
            Ok(Review {
                month: r.get(0)?,
                reviewed_at: time::stored_as_minutes(&at).unwrap_or(at),
                reviewer: r.get(2)?,
                comment: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
