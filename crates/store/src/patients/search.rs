//! Search as you type: chart number, phone, name (exact, prefix, initials, any part), birth
//! date; ranked, and logged when the person settles on a search.

use super::*;

/// Ranks: lower is better.
pub(super) const RANK_CHART: u8 = 0;
pub(super) const RANK_PHONE: u8 = 1;
pub(super) const RANK_NAME_EXACT: u8 = 2;
pub(super) const RANK_NAME_PREFIX: u8 = 3;
pub(super) const RANK_PHONE_PART: u8 = 4;
pub(super) const RANK_BIRTH: u8 = 5;
pub(super) const RANK_NAME_PART: u8 = 6;

pub(super) fn collect(
    tx: &Tx<'_>,
    sql: &str,
    args: &[&dyn rusqlite::ToSql],
    rank: u8,
    into: &mut HashMap<i64, u8>,
) -> Result<()> {
    let mut stmt = tx.conn().prepare_cached(sql)?;
    let ids = stmt.query_map(args, |r| r.get::<_, i64>(0))?;
    for id in ids {
        let e = into.entry(id?).or_insert(rank);
        *e = (*e).min(rank);
    }
    Ok(())
}

/// The end of a prefix range: every text starting with `prefix` sorts below it.
pub(super) fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// A quoted FTS5 string (the query is data, never syntax).
pub(super) fn fts_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The candidates for `query` with their rank, without logging (the benchmark measures this
/// and [`search`] separately).
pub fn find(tx: &Tx<'_>, query: &str) -> Result<Vec<(u8, i64)>> {
    let q = patient::clean_text(query);
    let mut found: HashMap<i64, u8> = HashMap::new();
    if q.is_empty() {
        return Ok(vec![]);
    }
    let limit = (SEARCH_LIMIT * 5) as i64;
    // Chart number, exactly.
    collect(
        tx,
        "SELECT id FROM patients WHERE chart_no = ?1",
        &[&q.to_uppercase()],
        RANK_CHART,
        &mut found,
    )?;
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let digit_like = q
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')' | '.'));
    if digit_like && digits.len() >= 4 {
        if let Some(p) = Phone::parse(&q) {
            collect(
                tx,
                "SELECT id FROM patients WHERE mobile = ?1 UNION SELECT id FROM patients WHERE phone = ?1",
                &[&p.as_str()],
                RANK_PHONE,
                &mut found,
            )?;
        }
        if digits.len() == 4 {
            collect(
                tx,
                "SELECT id FROM patients WHERE mobile_last4 = ?1
                 UNION SELECT id FROM patients WHERE phone_last4 = ?1 LIMIT ?2",
                &[&digits, &limit],
                RANK_PHONE_PART,
                &mut found,
            )?;
        }
        collect(
            tx,
            "SELECT rowid FROM patient_search WHERE digits MATCH ?1 LIMIT ?2",
            &[&format!("digits : {}", fts_quote(&digits)), &limit],
            RANK_PHONE_PART,
            &mut found,
        )?;
        // YYMMDD or YYYYMMDD as a birth date.
        let dates: Vec<String> = match digits.len() {
            6 => ["19", "20"]
                .iter()
                .map(|c| format!("{c}{}-{}-{}", &digits[..2], &digits[2..4], &digits[4..6]))
                .collect(),
            8 => vec![format!(
                "{}-{}-{}",
                &digits[..4],
                &digits[4..6],
                &digits[6..8]
            )],
            _ => vec![],
        };
        for d in dates {
            collect(
                tx,
                "SELECT id FROM patients WHERE birth_date = ?1 LIMIT ?2",
                &[&d, &limit],
                RANK_BIRTH,
                &mut found,
            )?;
        }
    } else if hangul::is_initials_query(&q.replace(' ', "")) {
        let initials = q.replace(' ', "");
        collect(
            tx,
            "SELECT id FROM patients WHERE name_initials >= ?1 AND name_initials < ?2 LIMIT ?3",
            &[&initials, &prefix_end(&initials), &limit],
            RANK_NAME_PREFIX,
            &mut found,
        )?;
    } else if NaiveDate::parse_from_str(&q, "%Y-%m-%d").is_ok() {
        collect(
            tx,
            "SELECT id FROM patients WHERE birth_date = ?1 LIMIT ?2",
            &[&q, &limit],
            RANK_BIRTH,
            &mut found,
        )?;
    } else {
        collect(
            tx,
            "SELECT id FROM patients WHERE name = ?1 LIMIT ?2",
            &[&q, &limit],
            RANK_NAME_EXACT,
            &mut found,
        )?;
        collect(
            tx,
            "SELECT id FROM patients WHERE name >= ?1 AND name < ?2 LIMIT ?3",
            &[&q, &prefix_end(&q), &limit],
            RANK_NAME_PREFIX,
            &mut found,
        )?;
        if q.chars().count() >= 3 {
            collect(
                tx,
                "SELECT rowid FROM patient_search WHERE name MATCH ?1 LIMIT ?2",
                &[&format!("name : {}", fts_quote(&q)), &limit],
                RANK_NAME_PART,
                &mut found,
            )?;
        } else if q.chars().count() == 2 {
            // The trigram index needs three letters; a two-letter given name ("민수") or a
            // short word of a foreign name ("An" in "Nguyễn Văn An") is found by a scan of the
            // names (about 10 ms at 100,000 patients: BENCHMARKS.md).
            let pattern = format!("%{}%", like_escape(&q));
            collect(
                tx,
                "SELECT id FROM patients WHERE name LIKE ?1 ESCAPE '\\' LIMIT ?2",
                &[&pattern, &limit],
                RANK_NAME_PART,
                &mut found,
            )?;
        }
    }
    let mut ranked: Vec<(u8, i64)> = found.into_iter().map(|(id, r)| (r, id)).collect();
    ranked.sort_unstable();
    Ok(ranked)
}

/// Searches, ranked: exact chart number, exact phone, exact name, name or initials prefix, part
/// of a phone number, birth date, part of a name; ties by name. Logs which patients were shown.
pub fn search(store: &mut Store, actor: &Actor, query: &str) -> Result<Vec<PatientHit>> {
    let hits = search_shown(store, query)?;
    let shown: Vec<i64> = hits.iter().map(|h| h.id).collect();
    log_search(store, actor, &shown)?;
    Ok(hits)
}

/// The desk's search as the person types: the results, without a log row yet. The caller logs
/// the search the person settled on ([`log_search`]: typing paused, a result opened, the box
/// cleared, or the session ending), with the results that were shown. `jeopsu patients search`
/// and every other caller use [`search`], which logs at once.
pub fn search_shown(store: &mut Store, query: &str) -> Result<Vec<PatientHit>> {
    let today = today(store);
    store.write(|tx| {
        let ranked = find(tx, query)?;
        let ids: Vec<i64> = ranked.iter().map(|(_, id)| *id).collect();
        let hits = hits_for(tx, &ids, today)?;
        let mut out: Vec<(u8, PatientHit)> = ranked
            .iter()
            .filter_map(|(r, id)| hits.get(id).map(|h| (*r, h.clone())))
            .collect();
        out.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.name.cmp(&b.1.name))
                .then_with(|| a.1.chart_no.cmp(&b.1.chart_no))
        });
        out.truncate(SEARCH_LIMIT);
        Ok(out.into_iter().map(|(_, h)| h).collect())
    })
}

/// Logs a search with the patients it showed.
pub fn log_search(store: &mut Store, actor: &Actor, shown: &[i64]) -> Result<()> {
    store.write(|tx| {
        tx.log(
            Entry::new(Action::PatientsSearched, actor)
                .detail(serde_json::json!({ "shown": shown })),
        )
        .map(|_| ())
    })
}
