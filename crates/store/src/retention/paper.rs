//! Paper records due: the originals to shred, the patients they belong to, and recording the
//! shredding.

use super::*;
use jeopsu_core::field::FieldMessage;

/// The paper originals of the records due now (the patient's name and chart number, so the
/// paper can be found in the cabinet; logged), unshredded first.
pub fn paper_originals(store: &mut Store, actor: &Actor) -> Result<Vec<PaperOriginal>> {
    store.write(|tx| {
        let p = plan(tx)?;
        let mut out = vec![];
        for paper in &p.papers {
            let (chart_no, patient_name): (String, String) = tx.conn().query_row(
                "SELECT chart_no, name FROM patients WHERE id = ?1",
                [paper.patient_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            out.push(PaperOriginal {
                record_id: paper.record_id,
                chart_no,
                patient_name,
                signed_on: date_of_stored(&paper.recorded_at)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                filed_at: paper.filed_at.clone(),
                shredded: paper.shredded,
            });
        }
        out.sort_by_key(|o| (o.shredded, o.record_id));
        tx.log(
            Entry::new(Action::PaperOriginalsListed, actor)
                .detail(serde_json::json!({ "shown": out.len() })),
        )?;
        Ok(out)
    })
}

/// A patient due for destruction, for the privacy officer to look through before the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuePatient {
    /// The chart number.
    pub chart_no: String,
    /// The name.
    pub name: String,
    /// The day the period counts from: the last visit, or registration (`YYYY-MM-DD`).
    pub last_visit: String,
    /// Never seen: counted from registration.
    pub never_visited: bool,
}

/// The patients the next run destroys (chart number, name, last visit; logged: it shows names).
pub fn due_patients(store: &mut Store, actor: &Actor) -> Result<Vec<DuePatient>> {
    store.write(|tx| {
        let p = plan(tx)?;
        let mut out = vec![];
        for (id, last) in &p.patients {
            let (chart_no, name, visited): (String, String, bool) = tx.conn().query_row(
                "SELECT chart_no, name, EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = p.id)
                 FROM patients p WHERE p.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            out.push(DuePatient {
                chart_no,
                name,
                last_visit: last.to_string(),
                never_visited: !visited,
            });
        }
        out.sort_by(|a, b| (&a.last_visit, &a.chart_no).cmp(&(&b.last_visit, &b.chart_no)));
        tx.log(
            Entry::new(Action::RetentionPreviewed, actor)
                .detail(serde_json::json!({ "patients_listed": out.len() })),
        )?;
        Ok(out)
    })
}

/// Records that the paper originals `input.record_ids` (each one of the due list, not yet
/// shredded) were shredded: when, how, by whom. Their records go in the next destruction run.
pub fn record_shredding(store: &mut Store, actor: &Actor, input: &ShreddingInput) -> Result<usize> {
    store.write(|tx| {
        let today = time::seoul_date(tx.now());
        let s = input.validate(today).map_err(StoreError::Invalid)?;
        let p = plan(tx)?;
        let now = time::to_stored(tx.now());
        for id in &s.record_ids {
            let Some(paper) = p.papers.iter().find(|x| x.record_id == *id && !x.shredded) else {
                return Err(StoreError::Invalid(vec![FieldProblem::new(
                    "record_ids",
                    FieldMessage::PaperNotDue,
                )]));
            };
            tx.conn().execute(
                "INSERT INTO paper_shredding (record_id, record_recorded_at, filed_at, shredded_on,
                                              method, shredded_by, recorded_at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    paper.record_id,
                    paper.recorded_at,
                    paper.filed_at,
                    s.shredded_on.to_string(),
                    s.method.as_str(),
                    s.shredded_by,
                    now,
                    actor.to_log_text()
                ],
            )?;
        }
        tx.log(
            Entry::new(Action::PaperShredded, actor).detail(serde_json::json!({
                "records": s.record_ids,
                "shredded_on": s.shredded_on.to_string(),
                "method": s.method.as_str(),
                "by": s.shredded_by,
            })),
        )?;
        Ok(s.record_ids.len())
    })
}
