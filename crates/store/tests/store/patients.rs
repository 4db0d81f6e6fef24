use crate::common::{Fixture, actor, cache_size, snapshot, today};
use jeopsu_core::audit::Actor;
use jeopsu_core::consent::{ConsentDecision, ConsentItem, ConsentText};
use jeopsu_core::patient::PatientInput;
use jeopsu_store::Store;
use jeopsu_store::StoreError;
use jeopsu_store::consents;
use jeopsu_store::patients::{self, Duplicates, ImportRow};

pub fn person(name: &str, birth: &str, rrn: &str, gender: &str, mobile: &str) -> PatientInput {
    PatientInput {
        name: name.into(),
        birth_date: birth.into(),
        rrn: rrn.into(),
        gender: gender.into(),
        address: "서울특별시 강남구 테헤란로 1".into(),
        mobile: mobile.into(),
        ..Default::default()
    }
}

/// The current wording of the items asked, as the desk shows it (a stand-in text; the hash is
/// what matters here).
pub fn texts() -> Vec<ConsentText> {
    ConsentItem::ASKED
        .into_iter()
        .map(|item| ConsentText::new(item, "ko", item.as_str(), "동의서 본문"))
        .collect()
}

/// An adult refusing marketing (the only item asked); nothing for a minor.
pub fn consents_for(p: &PatientInput) -> Vec<ConsentDecision> {
    if p.birth_date.as_str() >= "2008" {
        return vec![];
    }
    texts()
        .into_iter()
        .map(|text| ConsentDecision {
            granted: false,
            text,
        })
        .collect()
}

/// Registers with the consents an adult gives at the desk.
pub fn register(
    store: &mut Store,
    actor: &Actor,
    p: &PatientInput,
    duplicates: Duplicates,
) -> jeopsu_store::Result<patients::Registered> {
    patients::register(store, actor, p, duplicates, &consents_for(p))
}

fn names(hits: &[patients::PatientHit]) -> Vec<&str> {
    hits.iter().map(|h| h.name.as_str()).collect()
}

#[test]
fn register_assigns_chart_numbers_and_logs_in_the_same_transaction() {
    let mut f = Fixture::new();
    let a = register(
        f.store(),
        &actor(),
        &person(
            "김민수",
            "1990-01-01",
            "900101-1234567",
            "M",
            "010-1234-5678",
        ),
        Duplicates::Ask,
    )
    .unwrap();
    let b = register(
        f.store(),
        &actor(),
        &person(
            "이영희",
            "2012-03-04",
            "120304-4123456",
            "F",
            "010-2222-3333",
        ),
        Duplicates::Ask,
    )
    .unwrap();
    assert_ne!(a.chart_no, b.chart_no);
    assert!(a.chart_no.ends_with("-00001"), "{}", a.chart_no);
    let rows = f.store().audit_list(&actor(), None, None).unwrap();
    let registered = rows
        .iter()
        .filter(|r| r.action == "patient-registered")
        .count();
    assert_eq!(registered, 2);
    f.store().verify(&actor()).unwrap();
}

#[test]
fn the_rrn_is_sealed_in_its_column_and_shown_masked() {
    let mut f = Fixture::new();
    let r = register(
        f.store(),
        &actor(),
        &person(
            "김민수",
            "1990-01-01",
            "900101-1234567",
            "M",
            "010-1234-5678",
        ),
        Duplicates::Ask,
    )
    .unwrap();
    let raw: Vec<u8> = f
        .store()
        .conn()
        .query_row("SELECT rrn_sealed FROM patients", [], |r| r.get(0))
        .unwrap();
    assert!(!raw.windows(6).any(|w| w == b"234567"), "sealed, not plain");
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    assert_eq!(rec.rrn_masked, "900101-1******");
    // Revealing needs a reason, which goes in the log.
    assert!(matches!(
        patients::reveal_rrn(f.store(), &actor(), r.id, " "),
        Err(StoreError::Invalid(_))
    ));
    let full = patients::reveal_rrn(f.store(), &actor(), r.id, "보험 청구 확인").unwrap();
    assert_eq!(full, "900101-1234567");
    let rows = f.store().audit_list(&actor(), None, None).unwrap();
    let reveal = rows.iter().find(|r| r.action == "rrn-revealed").unwrap();
    assert_eq!(reveal.reason.as_deref(), Some("보험 청구 확인"));
    assert!(rows.iter().any(|r| r.action == "patient-viewed"));
}

#[test]
fn the_same_rrn_is_refused_and_look_alikes_are_asked_about() {
    let mut f = Fixture::new();
    let first = register(
        f.store(),
        &actor(),
        &person(
            "김민수",
            "1990-01-01",
            "900101-1234567",
            "M",
            "010-1234-5678",
        ),
        Duplicates::Ask,
    )
    .unwrap();
    let same_rrn = person(
        "김민수",
        "1990-01-01",
        "9001011234567",
        "M",
        "010-9999-0000",
    );
    match register(f.store(), &actor(), &same_rrn, Duplicates::Confirmed) {
        Err(StoreError::DuplicatePatient { chart_no }) => assert_eq!(chart_no, first.chart_no),
        other => panic!("{other:?}"),
    }
    // Same name and birth date, another RRN tail: ask first, then register when confirmed.
    let look_alike = person(
        "김민수",
        "1990-01-01",
        "900101-1999999",
        "M",
        "010-5555-6666",
    );
    match register(f.store(), &actor(), &look_alike, Duplicates::Ask) {
        Err(StoreError::PossibleDuplicate(list)) => assert_eq!(list[0].chart_no, first.chart_no),
        other => panic!("{other:?}"),
    }
    // Same mobile: asked too.
    let same_mobile = person("박지훈", "1985-05-05", "850505-1234567", "M", "01012345678");
    assert!(matches!(
        register(f.store(), &actor(), &same_mobile, Duplicates::Ask),
        Err(StoreError::PossibleDuplicate(_))
    ));
    register(f.store(), &actor(), &look_alike, Duplicates::Confirmed).unwrap();
    assert_eq!(patients::count(f.store()).unwrap(), 2);
}

#[test]
fn invalid_input_writes_nothing() {
    let mut f = Fixture::new();
    f.close();
    f.reopen();
    let before = patients::count(f.store()).unwrap();
    let bad = person(
        "Robert'); DROP TABLE patients;--",
        "1990-02-30",
        "x",
        "Q",
        "1",
    );
    match register(f.store(), &actor(), &bad, Duplicates::Ask) {
        Err(StoreError::Invalid(problems)) => assert!(problems.len() >= 4, "{problems:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(patients::count(f.store()).unwrap(), before);
}

fn seeded() -> Fixture {
    let mut f = Fixture::new();
    for (name, birth, rrn, g, mobile) in [
        (
            "김민수",
            "1990-01-01",
            "900101-1234567",
            "M",
            "010-1234-5678",
        ),
        (
            "김민지",
            "1992-02-02",
            "920202-2234567",
            "F",
            "010-8765-4321",
        ),
        (
            "박민수",
            "1980-08-08",
            "800808-1234567",
            "M",
            "010-5678-1234",
        ),
        ("이민수", "2015-06-01", "150601-3234567", "M", ""),
    ] {
        let mut p = person(name, birth, rrn, g, mobile);
        if mobile.is_empty() {
            p.phone = "02-555-5678".into();
        }
        register(&mut *f.store(), &actor(), &p, Duplicates::Confirmed).unwrap();
    }
    f
}

#[test]
fn search_by_initials_name_digits_chart_and_birth_date_ranked() {
    let mut f = seeded();
    let s = |f: &mut Fixture, q: &str| patients::search(f.store(), &actor(), q).unwrap();
    assert_eq!(names(&s(&mut f, "ㄱㅁㅅ")), ["김민수"]);
    assert_eq!(names(&s(&mut f, "ㄱㅁ")), ["김민수", "김민지"]);
    assert_eq!(names(&s(&mut f, "김민")), ["김민수", "김민지"]);
    // Exact name first, then names containing it.
    assert_eq!(
        names(&s(&mut f, "민수")),
        ["김민수", "박민수", "이민수"],
        "two letters: every name containing them (a two-syllable given name)"
    );
    assert_eq!(names(&s(&mut f, "김민수")), ["김민수"]);
    // Last four digits of a mobile or a phone; any four digits inside one.
    assert_eq!(names(&s(&mut f, "5678")), ["김민수", "박민수", "이민수"]);
    assert_eq!(names(&s(&mut f, "8765")), ["김민지"]);
    // The exact phone ranks above partial matches of the same digits.
    assert_eq!(names(&s(&mut f, "010-5678-1234"))[0], "박민수");
    // Chart number exactly; birth date as YYMMDD or YYYY-MM-DD.
    let chart = s(&mut f, "김민지")[0].chart_no.clone();
    assert_eq!(names(&s(&mut f, &chart.to_lowercase())), ["김민지"]);
    assert_eq!(names(&s(&mut f, "920202")), ["김민지"]);
    assert_eq!(names(&s(&mut f, "1992-02-02")), ["김민지"]);
    // Results never carry the RRN; a child is flagged.
    let hit = &s(&mut f, "이민수")[0];
    assert!(hit.age.child && hit.age.minor);
    assert_eq!(hit.birth_masked, "2015-06-**");
    // Query text is data: quotes and FTS syntax find nothing and break nothing.
    assert!(s(&mut f, "\"; DROP TABLE patients; --").is_empty());
    assert!(s(&mut f, "name:*").is_empty());
    assert!(s(&mut f, "").is_empty());
    // Every search is logged with the ids it showed.
    let rows = f.store().audit_list(&actor(), None, None).unwrap();
    assert!(
        rows.iter()
            .filter(|r| r.action == "patients-searched")
            .count()
            >= 10
    );
}

#[test]
fn corrections_keep_a_history_of_who_changed_which_fields() {
    let mut f = seeded();
    let id = patients::search(f.store(), &actor(), "김민지").unwrap()[0].id;
    let mut input = person("김민지", "1992-02-02", "", "F", "010-8765-4321");
    input.address = "부산광역시 해운대구 1".into();
    input.email = "minji@example.kr".into();
    let rec = patients::correct(f.store(), &actor(), id, &input).unwrap();
    assert_eq!(rec.address, "부산광역시 해운대구 1");
    assert_eq!(
        rec.rrn_masked, "920202-2******",
        "an empty RRN field keeps the stored one"
    );
    assert_eq!(rec.corrections.len(), 1);
    assert_eq!(rec.corrections[0].fields, ["address", "email"]);
    // The new mobile is searchable; the old one is not.
    input.mobile = "010-1111-2222".into();
    patients::correct(f.store(), &actor(), id, &input).unwrap();
    assert_eq!(
        names(&patients::search(f.store(), &actor(), "2222").unwrap()),
        ["김민지"]
    );
    assert!(
        patients::search(f.store(), &actor(), "8765")
            .unwrap()
            .is_empty()
    );
    // Correcting to another patient's RRN is refused.
    input.rrn = "900101-1234567".into();
    input.birth_date = "1990-01-01".into();
    input.gender = "M".into();
    assert!(matches!(
        patients::correct(f.store(), &actor(), id, &input),
        Err(StoreError::DuplicatePatient { .. })
    ));
}

fn row(line: usize, name: &str, rrn: &str, birth: &str, chart: &str, marketing: &str) -> ImportRow {
    let mut input = person(name, birth, rrn, "M", "010-3000-0000");
    input.chart_no = chart.into();
    ImportRow {
        line,
        input,
        marketing: marketing.into(),
        last_visit: String::new(),
    }
}

#[test]
fn import_is_all_or_nothing_with_every_problem_listed() {
    let mut f = Fixture::new();
    let registered = register(
        f.store(),
        &actor(),
        &person(
            "김민수",
            "1990-01-01",
            "900101-1234567",
            "M",
            "010-1234-5678",
        ),
        Duplicates::Ask,
    )
    .unwrap();
    let rows = vec![
        row(2, "가나다", "800101-1000001", "1980-01-01", "A-1", "y"),
        row(3, "가나라", "800101-1000001", "1980-01-01", "A-1", "n"), // repeated RRN and chart no
        row(4, "가나마", "900101-1234567", "1990-01-01", "", "n"),    // already registered
        row(5, "가나바", "800102-1000001", "1980-01-02", "", "maybe"),
        // A third time: the import wrote line 2 before it found line 3's problem, and a repeat
        // of a row it wrote is a repeat, not "registered already".
        row(6, "가나사", "800101-1000001", "1980-01-01", "A-1", "n"),
        // The registered patient's chart number.
        row(
            7,
            "가나아",
            "800103-1000001",
            "1980-01-03",
            &registered.chart_no,
            "n",
        ),
    ];
    f.close();
    let before = snapshot(&f.dir());
    f.reopen();
    let err = patients::import(f.store(), &actor(), &rows, false, &mut |_, _| {}).unwrap_err();
    let StoreError::ImportRejected(list) = err else {
        panic!("{err:?}")
    };
    let got: Vec<(usize, &str, &str)> = list
        .iter()
        .map(|p| (p.line, p.problem.field, p.problem.message_id()))
        .collect();
    assert_eq!(
        got,
        [
            (3, "rrn", "field-rrn-repeated"),
            (3, "chart_no", "field-chart-no-repeated"),
            (4, "rrn", "field-rrn-registered"),
            (5, "marketing_consent", "field-yes-no"),
            (6, "rrn", "field-rrn-repeated"),
            (6, "chart_no", "field-chart-no-repeated"),
            (7, "chart_no", "field-chart-no-taken"),
        ]
    );
    // "Registered already" names the patient's chart number.
    assert_eq!(
        list[2].problem.args,
        [(
            "chart_no",
            jeopsu_core::error::Arg::Text(registered.chart_no.clone())
        )]
    );
    // A repeat names the line before it.
    let named: Vec<_> = list
        .iter()
        .filter(|p| p.problem.message_id() == "field-rrn-repeated")
        .map(|p| p.problem.args.clone())
        .collect();
    assert_eq!(
        named,
        [
            vec![("line", jeopsu_core::error::Arg::Number(2))],
            vec![("line", jeopsu_core::error::Arg::Number(3))],
        ]
    );
    f.close();
    assert_eq!(snapshot(&f.dir()).len(), before.len());
    f.reopen();
    assert_eq!(patients::count(f.store()).unwrap(), 1, "nothing imported");

    let good = vec![
        row(2, "가나다", "800101-1000001", "1980-01-01", "A-1", "y"),
        row(3, "가나라", "800102-1000001", "1980-01-02", "", "n"),
    ];
    let dry = patients::import(f.store(), &actor(), &good, true, &mut |_, _| {}).unwrap();
    assert!(dry.dry_run);
    assert_eq!(
        patients::count(f.store()).unwrap(),
        1,
        "a dry run writes nothing"
    );
    let mut last = (0, 0);
    let done =
        patients::import(f.store(), &actor(), &good, false, &mut |d, t| last = (d, t)).unwrap();
    assert_eq!((done.rows, done.assigned_chart_numbers), (2, 1));
    assert_eq!(last, (2, 2), "progress reaches the end");
    assert_eq!(patients::count(f.store()).unwrap(), 3);
    let rec = patients::open_by_chart(f.store(), &actor(), "a-1").unwrap();
    assert_eq!(rec.name, "가나다");
    f.store().verify(&actor()).unwrap();
}

/// An import longer than the checking thread's batches: a problem found after hundreds of rows
/// were written still keeps nothing, and the same file without it imports every row, numbered
/// in the file's order.
#[test]
fn a_problem_late_in_a_long_import_keeps_nothing_written_before_it() {
    let mut f = Fixture::new();
    let year = chrono::Datelike::year(&today(f.store()));
    let rows: Vec<ImportRow> = (0..700)
        .map(|i| {
            let name = format!("가{}", char::from_u32(0xAC00 + i).unwrap());
            let rrn = format!("800101-1{:06}", 100 + i);
            row(i as usize + 2, &name, &rrn, "1980-01-01", "", "n")
        })
        .collect();
    let mut bad = rows.clone();
    // Line 651 repeats line 12's RRN.
    bad[649].input.rrn = rows[10].input.rrn.clone();
    let err = patients::import(f.store(), &actor(), &bad, false, &mut |_, _| {}).unwrap_err();
    let StoreError::ImportRejected(list) = err else {
        panic!("{err:?}")
    };
    let got: Vec<(usize, &str)> = list
        .iter()
        .map(|p| (p.line, p.problem.message_id()))
        .collect();
    assert_eq!(got, [(651, "field-rrn-repeated")]);
    assert_eq!(patients::count(f.store()).unwrap(), 0, "nothing kept");
    f.store().verify(&actor()).unwrap();

    let done = patients::import(f.store(), &actor(), &rows, false, &mut |_, _| {}).unwrap();
    assert_eq!((done.rows, done.assigned_chart_numbers), (700, 700));
    assert_eq!(patients::count(f.store()).unwrap(), 700);
    let last = patients::open_by_chart(f.store(), &actor(), &format!("{year}-00700")).unwrap();
    assert_eq!(last.name, rows[699].input.name);
    f.store().verify(&actor()).unwrap();
}

/// An import may grow the connection's page cache while it runs (import.rs) and leaves the
/// connection's own size as it found it, whether the import is written, refused or a dry run.
#[test]
fn an_import_leaves_the_page_cache_size_as_it_was() {
    let mut f = Fixture::new();
    f.store()
        .conn()
        .execute_batch("PRAGMA cache_size = -1234")
        .unwrap();
    let good = vec![row(2, "가나다", "800101-1000001", "1980-01-01", "", "n")];
    patients::import(f.store(), &actor(), &good, true, &mut |_, _| {}).unwrap();
    assert_eq!(cache_size(f.store()), -1234, "after a dry run");
    let mut bad = good.clone();
    bad[0].input.rrn = "not an RRN".into();
    patients::import(f.store(), &actor(), &bad, false, &mut |_, _| {}).unwrap_err();
    assert_eq!(cache_size(f.store()), -1234, "after a refused import");
    patients::import(f.store(), &actor(), &good, false, &mut |_, _| {}).unwrap();
    assert_eq!(cache_size(f.store()), -1234, "after an import");
    assert_eq!(patients::count(f.store()).unwrap(), 1);
}

/// A file under a tenth of the database's size asks the database row by row instead of reading
/// every registered MAC and chart number first (21 patients, a file of 2 rows): the answers are
/// the ones the lists give a larger file (the test above).
#[test]
fn a_small_import_into_a_larger_database_finds_what_is_registered() {
    let mut f = Fixture::new();
    let mut registered = vec![];
    for day in 1..=21 {
        let p = person(
            "김민수",
            &format!("1980-01-{day:02}"),
            &format!("8001{day:02}-1000001"),
            "M",
            &format!("010-2000-{day:04}"),
        );
        registered.push(register(f.store(), &actor(), &p, Duplicates::Confirmed).unwrap());
    }
    let rows = [
        row(2, "가나다", "800105-1000001", "1980-01-05", "", "n"),
        row(
            3,
            "가나라",
            "800202-1000001",
            "1980-02-02",
            &registered[6].chart_no,
            "n",
        ),
    ];
    let err = patients::import(f.store(), &actor(), &rows, false, &mut |_, _| {}).unwrap_err();
    let StoreError::ImportRejected(list) = err else {
        panic!("{err:?}")
    };
    let got: Vec<_> = list
        .iter()
        .map(|p| (p.line, p.problem.message_id(), p.problem.args.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                2,
                "field-rrn-registered",
                vec![(
                    "chart_no",
                    jeopsu_core::error::Arg::Text(registered[4].chart_no.clone())
                )]
            ),
            (3, "field-chart-no-taken", vec![]),
        ]
    );
    assert_eq!(patients::count(f.store()).unwrap(), 21, "nothing imported");
    // Numbering asks the database too: the number the counter hands out next, written by an
    // earlier import, is skipped.
    let year = chrono::Datelike::year(&today(f.store()));
    let earlier = [row(
        2,
        "가나마",
        "800301-1000001",
        "1980-03-01",
        &format!("{year}-00022"),
        "n",
    )];
    patients::import(f.store(), &actor(), &earlier, false, &mut |_, _| {}).unwrap();
    let later = [row(2, "가나바", "800302-1000001", "1980-03-02", "", "n")];
    patients::import(f.store(), &actor(), &later, false, &mut |_, _| {}).unwrap();
    let hit = &patients::search(f.store(), &actor(), "가나바").unwrap()[0];
    assert_eq!(hit.chart_no, format!("{year}-00023"));
}

/// An import numbers the rows without a chart number from the counter, never with a number
/// another row of the same file brings (it is written later), and leaves the counter where a
/// registration at the desk goes on from. Every imported row is sealed to its own id (its RRN
/// opens), and the log chain verifies.
#[test]
fn an_import_numbers_around_the_files_own_chart_numbers_and_the_desk_goes_on_from_there() {
    let mut f = Fixture::new();
    let year = chrono::Datelike::year(&today(f.store()));
    let first = register(f.store(), &actor(), &adult(), Duplicates::Ask).unwrap();
    assert_eq!(first.chart_no, format!("{year}-00001"));
    let rows = vec![
        row(2, "가나다", "800101-1000001", "1980-01-01", "", "n"),
        // The number the counter would hand out next, brought by a later row.
        row(
            3,
            "가나라",
            "800102-1000001",
            "1980-01-02",
            &format!("{year}-00002"),
            "n",
        ),
        row(4, "가나마", "800103-1000001", "1980-01-03", "", "n"),
    ];
    let done = patients::import(f.store(), &actor(), &rows, false, &mut |_, _| {}).unwrap();
    assert_eq!((done.rows, done.assigned_chart_numbers), (3, 2));
    let chart = |f: &mut Fixture, rrn_name: &str| {
        patients::search(f.store(), &actor(), rrn_name).unwrap()[0]
            .chart_no
            .clone()
    };
    assert_eq!(chart(&mut f, "가나다"), format!("{year}-00003"));
    assert_eq!(chart(&mut f, "가나라"), format!("{year}-00002"));
    assert_eq!(chart(&mut f, "가나마"), format!("{year}-00004"));
    let next = register(
        f.store(),
        &actor(),
        &person(
            "이다음",
            "1970-05-05",
            "700505-2000001",
            "F",
            "010-5555-0001",
        ),
        Duplicates::Ask,
    )
    .unwrap();
    assert_eq!(next.chart_no, format!("{year}-00005"));
    // A number an earlier import wrote is taken: a later import's numbering skips it.
    let earlier = [row(
        2,
        "가나바",
        "800104-1000001",
        "1980-01-04",
        &format!("{year}-00006"),
        "n",
    )];
    patients::import(f.store(), &actor(), &earlier, false, &mut |_, _| {}).unwrap();
    let later = [row(2, "가나사", "800105-1000001", "1980-01-05", "", "n")];
    patients::import(f.store(), &actor(), &later, false, &mut |_, _| {}).unwrap();
    assert_eq!(chart(&mut f, "가나사"), format!("{year}-00007"));
    for hit in patients::search(f.store(), &actor(), "가나").unwrap() {
        let rrn = patients::reveal_rrn(f.store(), &actor(), hit.id, "보험 청구 확인").unwrap();
        assert!(rrn.starts_with("80010"), "{rrn}");
    }
    f.store().verify(&actor()).unwrap();
}

fn adult() -> PatientInput {
    person(
        "김민수",
        "1990-01-01",
        "900101-1234567",
        "M",
        "010-1234-5678",
    )
}

#[test]
fn consents_are_recorded_per_item_on_the_wording_shown() {
    let mut f = Fixture::new();
    let r = register(f.store(), &actor(), &adult(), Duplicates::Ask).unwrap();
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    let got: Vec<_> = rec
        .consents
        .iter()
        .map(|c| (c.item, c.granted, c.text_hash.clone()))
        .collect();
    let t = texts();
    assert_eq!(
        got,
        [(ConsentItem::Marketing, false, Some(t[0].hash.clone()))],
        "only the optional item is a consent; what care needs is not asked"
    );
    assert!(!rec.guardian_consent_pending);
    assert_eq!(rec.consents[0].signer, consents::Signer::Patient);
    assert_eq!(rec.consents[0].lang.as_deref(), Some("ko"));
    // The exact wording is kept and still matches its hash.
    let kept = consents::text(f.store(), &t[0].hash).unwrap().unwrap();
    assert_eq!(kept, t[0]);
    // Records are never changed or deleted, not even by a stray query.
    assert!(
        f.store()
            .conn()
            .execute("UPDATE consents SET granted = 1", [])
            .is_err()
    );
    assert!(
        f.store()
            .conn()
            .execute("DELETE FROM consents", [])
            .is_err()
    );
    assert!(
        f.store()
            .conn()
            .execute("UPDATE consent_texts SET body = 'x'", [])
            .is_err()
    );
}

#[test]
fn an_adult_registers_without_any_consent_and_a_minor_does_not_consent_alone() {
    let mut f = Fixture::new();
    let r = patients::register(f.store(), &actor(), &adult(), Duplicates::Ask, &[])
        .expect("what care needs rests on the law: registering never waits for a consent");
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    assert!(rec.consents.is_empty(), "nothing was asked, nothing stored");
    let child = person(
        "이민수",
        "2015-06-01",
        "150601-3234567",
        "M",
        "010-2222-3333",
    );
    match patients::register(
        f.store(),
        &actor(),
        &child,
        Duplicates::Ask,
        &consents_for(&adult()),
    ) {
        Err(StoreError::Invalid(p)) => assert_eq!(p[0].message_id(), "field-consent-guardian"),
        other => panic!("expected the guardian rule, got {other:?}"),
    }
    assert_eq!(
        patients::count(f.store()).unwrap(),
        1,
        "nothing of the minor was written"
    );
    let r = register(f.store(), &actor(), &child, Duplicates::Ask).unwrap();
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    assert!(rec.guardian_consent_pending);
    assert!(rec.consents.is_empty());
}

#[test]
fn a_minors_marketing_yes_is_refused_unless_the_legal_representative_gives_it() {
    let mut f = Fixture::new();
    f.store().set_clock(Box::new(|| {
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 25, 1, 0, 0).unwrap()
    }));
    // 18 on the pinned day: a minor.
    let teen = person(
        "정도윤",
        "2008-03-01",
        "080301-3123456",
        "M",
        "010-3333-4444",
    );
    let r = register(f.store(), &actor(), &teen, Duplicates::Ask).unwrap();
    let t = texts();
    match consents::set_marketing(
        f.store(),
        &actor(),
        r.id,
        true,
        Some(&t[0]),
        consents::Method::InPerson,
    ) {
        Err(StoreError::Invalid(p)) => assert_eq!(
            (p[0].field, p[0].message_id()),
            ("consent_marketing", "field-consent-guardian"),
            "the store refuses it, not only the screen"
        ),
        other => panic!("expected the guardian rule, got {other:?}"),
    }
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    assert!(rec.consents.is_empty(), "nothing was written");
    // An import cannot carry a minor's "yes" either; the line is named.
    let rows = vec![
        row(2, "가나다", "800101-1000001", "1980-01-01", "", "y"),
        row(3, "나다라", "100101-3000001", "2010-01-01", "", "y"),
        row(4, "다라마", "100102-3000001", "2010-01-02", "", "n"),
    ];
    let StoreError::ImportRejected(list) =
        patients::import(f.store(), &actor(), &rows, false, &mut |_, _| {}).unwrap_err()
    else {
        panic!("expected the import to be refused")
    };
    assert_eq!(
        list.iter()
            .map(|p| (p.line, p.problem.field, p.problem.message_id()))
            .collect::<Vec<_>>(),
        [(3, "marketing_consent", "field-consent-guardian")]
    );
}

#[test]
fn marketing_withdrawal_is_a_new_dated_record_that_takes_effect_at_once() {
    let mut f = Fixture::new();
    let r = register(f.store(), &actor(), &adult(), Duplicates::Ask).unwrap();
    let t = texts();
    // Agreeing needs the wording; withdrawing does not.
    assert!(matches!(
        consents::set_marketing(
            f.store(),
            &actor(),
            r.id,
            true,
            None,
            consents::Method::InPerson
        ),
        Err(StoreError::Invalid(_))
    ));
    assert!(
        consents::set_marketing(
            f.store(),
            &actor(),
            r.id,
            true,
            Some(&t[0]),
            consents::Method::InPerson
        )
        .unwrap()
    );
    assert!(
        consents::set_marketing(
            f.store(),
            &actor(),
            r.id,
            false,
            None,
            consents::Method::Phone
        )
        .unwrap()
    );
    // Withdrawing again changes nothing and writes nothing.
    assert!(
        !consents::set_marketing(
            f.store(),
            &actor(),
            r.id,
            false,
            None,
            consents::Method::Phone
        )
        .unwrap()
    );
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    let marketing: Vec<_> = rec
        .consents
        .iter()
        .filter(|c| c.item == ConsentItem::Marketing)
        .collect();
    assert_eq!(
        marketing.iter().map(|c| c.granted).collect::<Vec<_>>(),
        [false, true, false]
    );
    assert!(marketing[2].is_withdrawal(&rec.consents));
    assert_eq!(marketing[2].method, consents::Method::Phone);
    let now = consents::current(&rec.consents);
    assert_eq!(now.len(), 1, "only marketing is on file");
    assert!(!now[0].granted, "the withdrawal is in force at once");
    let log = f.store().audit_list(&actor(), None, None).unwrap();
    assert!(log.iter().any(|r| r.action == "consent-withdrawn"));
    f.store().verify(&actor()).unwrap();
}

#[test]
fn the_chart_number_format_is_an_admin_setting_checked_before_saving() {
    use jeopsu_store::settings;
    let mut f = Fixture::new();
    assert_eq!(
        settings::chart_no_format(f.store()).unwrap(),
        "{YYYY}-{SEQ:5}"
    );
    for bad in ["{YYYY}", "{SEQ:2}", "차트{SEQ:5}", "{XX}{SEQ:5}"] {
        match settings::set_chart_no_format(f.store(), &actor(), bad) {
            Err(StoreError::Invalid(p)) => assert_eq!(p[0].message_id(), "field-chart-format"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    let first = register(f.store(), &actor(), &adult(), Duplicates::Ask).unwrap();
    assert!(first.chart_no.ends_with("-00001"));
    settings::set_chart_no_format(f.store(), &actor(), " C{YY}{SEQ:6} ").unwrap();
    let mut other = adult();
    other.name = "박서준".into();
    other.rrn = "900101-1765432".into();
    other.mobile = "010-9999-0000".into();
    let second = register(f.store(), &actor(), &other, Duplicates::Ask).unwrap();
    assert!(
        second.chart_no.starts_with('C') && second.chart_no.ends_with("000002"),
        "{}",
        second.chart_no
    );
}

#[test]
fn foreign_names_register_and_are_found_by_any_of_their_words() {
    let mut f = Fixture::new();
    // Foreigners' numbers: 5/6 born in the 1900s, 7/8 in the 2000s.
    for (name, birth, rrn, gender, mobile) in [
        (
            "Nguyễn Văn An",
            "1990-02-03",
            "900203-5123456",
            "M",
            "010-1111-2221",
        ),
        (
            "王小明",
            "1988-04-05",
            "880405-5123456",
            "M",
            "010-1111-2222",
        ),
        (
            "Jean-Luc O'Brien",
            "1975-06-07",
            "750607-5123456",
            "M",
            "010-1111-2223",
        ),
        (
            "김민수",
            "1990-01-01",
            "900101-1234567",
            "M",
            "010-1111-2224",
        ),
    ] {
        register(
            f.store(),
            &actor(),
            &person(name, birth, rrn, gender, mobile),
            Duplicates::Ask,
        )
        .unwrap_or_else(|e| panic!("{name} registers: {e:?}"));
    }
    for (query, expected) in [
        ("An", "Nguyễn Văn An"),
        ("Văn", "Nguyễn Văn An"),
        ("Nguyễn", "Nguyễn Văn An"),
        ("小明", "王小明"),
        ("O'Brien", "Jean-Luc O'Brien"),
        ("Luc", "Jean-Luc O'Brien"),
        ("민수", "김민수"),
    ] {
        let hits = patients::search(f.store(), &actor(), query).unwrap();
        assert!(
            names(&hits).contains(&expected),
            "{query} finds {expected}: {:?}",
            names(&hits)
        );
    }
    // A wildcard typed into the box is a character, not a pattern.
    assert!(
        patients::search(f.store(), &actor(), "%%")
            .unwrap()
            .is_empty(),
        "no LIKE wildcards from the search box"
    );
}

#[test]
fn an_unreadable_stored_birth_date_is_an_error_never_an_adult_by_default() {
    let mut f = Fixture::new();
    let child = person(
        "이민수",
        "2015-06-01",
        "150601-3234567",
        "M",
        "010-2222-3333",
    );
    let r = register(f.store(), &actor(), &child, Duplicates::Ask).unwrap();
    f.store()
        .conn()
        .execute(
            "UPDATE patients SET birth_date = '2015-13-45' WHERE id = ?1",
            [r.id],
        )
        .unwrap();
    assert!(
        matches!(
            patients::open(f.store(), &actor(), r.id),
            Err(StoreError::IntegrityFailed(_))
        ),
        "opening the record says the data is damaged"
    );
    assert!(
        matches!(
            patients::search(f.store(), &actor(), "이민수"),
            Err(StoreError::IntegrityFailed(_))
        ),
        "the search does not show the child as an adult"
    );
}

/// One import takes at most `MAX_IMPORT_ROWS` rows: a larger one is refused whole, before any
/// row is looked at, saying why.
#[test]
fn an_import_past_the_row_cap_is_refused_whole() {
    let mut f = Fixture::new();
    let row = jeopsu_store::patients::ImportRow {
        line: 2,
        input: Default::default(),
        marketing: "n".into(),
        last_visit: String::new(),
    };
    let rows = vec![row; jeopsu_store::patients::MAX_IMPORT_ROWS + 1];
    let err = jeopsu_store::patients::import(f.store(), &actor(), &rows, false, &mut |_, _| {})
        .unwrap_err();
    assert_eq!(err.problems()[0].message_id(), "field-import-too-many");
}

/// A registration refused because the RRN is another patient's leaves its own committed row
/// (the registration itself is not written); so does a dry-run import.
#[test]
fn a_refused_duplicate_and_a_dry_run_import_are_logged() {
    let mut f = Fixture::new();
    let p = person(
        "김하나",
        "1980-01-01",
        "800101-1234567",
        "M",
        "010-1111-2222",
    );
    register(f.store(), &actor(), &p, Duplicates::Ask).unwrap();
    let other = person(
        "박다른",
        "1980-01-01",
        "800101-1234567",
        "M",
        "010-3333-4444",
    );
    let err = register(f.store(), &actor(), &other, Duplicates::Ask).unwrap_err();
    assert!(
        matches!(err, StoreError::DuplicatePatient { .. }),
        "{err:?}"
    );
    let count = |f: &mut Fixture, action: &str| -> i64 {
        f.store()
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = ?1",
                [action],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(count(&mut f, "duplicate-refused"), 1);
    assert_eq!(count(&mut f, "patient-registered"), 1, "only the first");
    let row = jeopsu_store::patients::ImportRow {
        line: 2,
        input: person("이셋", "1990-02-02", "900202-2234567", "F", "010-5555-6666"),
        marketing: "n".into(),
        last_visit: String::new(),
    };
    jeopsu_store::patients::import(f.store(), &actor(), &[row], true, &mut |_, _| {}).unwrap();
    assert_eq!(count(&mut f, "patients-import-checked"), 1);
}

/// A sealed RRN is bound to its row: copied into another patient's row it does not open there
/// (the reveal fails as damaged instead of showing the wrong person's number).
#[test]
fn a_sealed_rrn_copied_into_another_row_does_not_open() {
    let mut f = Fixture::new();
    let a = register(
        f.store(),
        &actor(),
        &person(
            "김하나",
            "1980-01-01",
            "800101-1234567",
            "M",
            "010-1111-2222",
        ),
        Duplicates::Ask,
    )
    .unwrap();
    let b = register(
        f.store(),
        &actor(),
        &person(
            "박두리",
            "1981-02-02",
            "810202-2234567",
            "F",
            "010-3333-4444",
        ),
        Duplicates::Ask,
    )
    .unwrap();
    assert_eq!(
        patients::reveal_rrn(f.store(), &actor(), a.id, "보험 청구 확인").unwrap(),
        "800101-1234567"
    );
    let sealed: Vec<u8> = f
        .store()
        .conn()
        .query_row(
            "SELECT rrn_sealed FROM patients WHERE id = ?1",
            [a.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sealed.starts_with(b"R2"), "bound format");
    f.store()
        .conn()
        .execute(
            "UPDATE patients SET rrn_sealed = ?1 WHERE id = ?2",
            rusqlite::params![sealed, b.id],
        )
        .unwrap();
    assert!(matches!(
        patients::reveal_rrn(f.store(), &actor(), b.id, "보험 청구 확인"),
        Err(StoreError::IntegrityFailed(_))
    ));
}
