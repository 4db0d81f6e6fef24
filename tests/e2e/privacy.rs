//! Privacy requests: a guardian asks to delete a minor's marketing consent; the
//! privacy officer takes it in, answers it (the consent is withdrawn at once, signed by the
//! guardian) and prints the result notice. Reception cannot reach any of it.

use crate::flows::{DESK_PW, OFFICER_PW, at_desk, prepared, sign_in};
use crate::harness::App;

/// The CLI as the receptionist (`--staff desk.lee`).
fn run_cli(tmp: &tempfile::TempDir, args: &[&str]) -> String {
    let mut all = crate::flows::as_staff(tmp, "desk.lee");
    all.extend(args.iter().map(|a| a.to_string()));
    crate::flows::run_cli(&tmp.path().join("data"), &all)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_guardians_deletion_of_a_minors_marketing_consent_is_answered_and_the_notice_printed() {
    let (tmp, _) = prepared(true);
    let csv = tmp.path().join("minor.csv");
    let (birth, rrn) = crate::flows::minor_14();
    std::fs::write(
        &csv,
        format!(
            "name,birth_date,rrn,gender,address,phone,mobile,email,chart_no,marketing_consent\n\
             이영희,{birth},{rrn},F,서울특별시 송파구 3,,010-3456-7890,,,n\n"
        ),
    )
    .unwrap();
    // An import cannot carry a minor's "yes" (only the legal representative gives it).
    run_cli(&tmp, &["import", "patients", csv.to_str().unwrap()]);
    let hits: serde_json::Value =
        serde_json::from_str(&run_cli(&tmp, &["patients", "search", "이영희", "--json"])).unwrap();
    let chart = hits[0]["chart_no"].as_str().unwrap().to_string();
    let app = App::start_in("privacy", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    assert_eq!(
        app.invoke_code("privacy_requests", serde_json::json!({ "openOnly": true }))
            .await,
        "forbidden"
    );
    assert_eq!(
        app.invoke_code("retention_preview", serde_json::json!({}))
            .await,
        "forbidden"
    );
    app.click("signout").await;

    sign_in(&app, "officer.park", OFFICER_PW).await;
    app.click("nav-privacy").await;
    app.el("pv-none").await;
    app.axe("privacy: requests").await;
    app.click("pv-tab-new").await;
    app.type_into("pv-chart", &chart).await;
    app.set_value("pv-kind", "deletion").await;
    app.set_value("pv-target", "marketing").await;
    app.type_into("pv-requester", "김영희").await;
    app.set_value("pv-capacity", "legal-representative").await;
    app.set_value("pv-check", "family-certificate").await;
    app.type_into("pv-details", "딸의 마케팅 동의와 연락처 사용을 지워 주세요")
        .await;
    app.axe("privacy: intake").await;
    app.shot("01-intake").await;
    app.click("pv-intake-save").await;
    app.el("pv-title").await;
    assert!(app.text_of("pv-deadline").await.contains("10일 남음"));
    app.axe("privacy: request").await;

    app.click("pv-outcome-done").await;
    app.type_into(
        "pv-result",
        "마케팅 동의를 철회했고 광고 연락에 쓰지 않습니다",
    )
    .await;
    app.click("pv-answer-save").await;
    app.wait_text("답변을 저장했습니다").await;
    assert!(app.text_of("pv-outcome").await.contains("처리함"));
    app.click("pv-print-notice").await;
    app.wait_text("인쇄할 문서를 열었습니다").await;
    app.shot("02-answered").await;

    // The retention tab opens and shows nothing due today.
    app.click("pv-tab-retention").await;
    app.el("rt-nothing").await;
    // A legal hold (unpaid fees) placed and lifted.
    app.type_into("rt-hold-chart", &chart).await;
    app.type_into("rt-hold-reason", "진료비 미납").await;
    app.click("rt-hold-place").await;
    app.wait_text("보류를 걸었습니다").await;
    assert!(app.text_of("rt-holds").await.contains(&chart));
    app.axe("privacy: retention").await;
    app.shot("03-retention").await;
    app.click_text("보류 풀기").await;
    app.wait_text("보류를 풀었습니다").await;
    let body = app.body_text().await;
    assert!(!body.contains("privacy-"), "labels in words: {body}");

    // The monthly access-log review: today's work is all there; the reveal-free day has no flags
    // but the night rule and the rest are checked in the store; record the review as done.
    // The tabs follow the ARIA tab pattern: the arrow key moves to the next tab and opens it.
    app.click("pv-tab-retention").await;
    app.el("pv-tab-retention")
        .await
        .send_keys("\u{E014}") // ArrowRight
        .await
        .unwrap();
    app.el("rv-rows").await;
    let tabs = app
        .run_async(
            "const [done] = arguments; const sel = [...document.querySelectorAll('[role=tab]')]\
             .map((t) => [t.id, t.getAttribute('aria-selected'), t.tabIndex]); \
             const panel = document.querySelector('[role=tabpanel]'); \
             const review = document.querySelector('[data-testid=pv-tab-review]'); \
             done({ sel, panel: panel && panel.getAttribute('aria-labelledby'), review: review.id });",
            vec![],
        )
        .await;
    // The panel is labelled by the review tab (ids are the component's own, from $props.id()).
    assert_eq!(tabs["panel"], tabs["review"], "{tabs}");
    assert!(
        tabs["review"]
            .as_str()
            .is_some_and(|id| id.ends_with("-pv-tab-review")),
        "{tabs}"
    );
    assert!(
        tabs["sel"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| (t[1] == "true") == (t[2] == 0)),
        "only the selected tab is in the Tab order: {tabs}"
    );
    app.set_value("rv-from", "").await;
    app.set_value("rv-to", "").await;
    app.type_into("rv-staff", "officer.park").await;
    app.click("rv-show").await;
    app.wait_text("개인정보 요구 답변").await;
    let review = app.body_text().await;
    assert!(!review.contains("audit-action-"), "actions in words");
    // People by name, not by the log's internal form.
    assert!(
        review.contains("박책임 (officer.park)") && !review.contains("staff:"),
        "staff by name: {review}"
    );
    // What each row is about, named in words with the request's number, not `privacy-request:1`.
    assert!(
        review.contains("열람 등 요구 #") && !review.contains("privacy-request:"),
        "requests by number: {review}"
    );
    app.type_into("rv-comment", "이상 없음").await;
    app.click("rv-record").await;
    app.el("rv-notice").await;
    app.axe("privacy: access-log review").await;
    app.shot("04-review").await;
    app.close().await;
}

/// The access-log review of a month holding more rows than one page: the newest page first, then
/// a page back and forward again. Showing a page is itself logged, but the pages stay those of
/// the log as it stood when the review was asked for (`upto`), so no row moves between pages and
/// the count does not change while paging.
#[tokio::test(flavor = "multi_thread")]
async fn the_review_pages_back_and_forth_through_more_rows_than_a_page_holds() {
    let (tmp, _) = prepared(true);
    // 2,100 registrations through the CLI's import: one log row each, by the receptionist.
    let csv = tmp.path().join("many.csv");
    std::fs::write(&csv, crate::flows::synthetic_patients_csv(2_100)).unwrap();
    run_cli(&tmp, &["import", "patients", csv.to_str().unwrap()]);
    let app = App::start_in("review-pages", tmp).await;
    sign_in(&app, "officer.park", OFFICER_PW).await;
    app.click("nav-privacy").await;
    app.click("pv-tab-review").await;
    app.el("rv-rows").await;
    app.set_value("rv-from", "").await;
    app.set_value("rv-to", "").await;
    app.click("rv-show").await;
    app.el("rv-range").await;

    // What the page shows: its range in words, the rows in the table, which buttons work.
    let shown = || async {
        let s = app
            .run_async(
                "const [done] = arguments; const q = (id) => document.querySelector(`[data-testid=${id}]`); \
                 done({ range: q('rv-range').textContent, rows: q('rv-rows').querySelectorAll('tbody tr').length, \
                 earlier: q('rv-earlier').disabled, later: q('rv-later').disabled });",
                vec![],
            )
            .await;
        let numbers: Vec<i64> = s["range"]
            .as_str()
            .unwrap()
            .split(|c: char| !c.is_ascii_digit() && c != ',')
            .filter_map(|w| w.replace(',', "").parse().ok())
            .collect();
        // 맞는 {total}줄 가운데 {first}-{last}번째 줄
        assert_eq!(numbers.len(), 3, "{s}");
        let (total, first, last) = (numbers[0], numbers[1], numbers[2]);
        (
            total,
            first,
            last,
            s["rows"].as_i64().unwrap(),
            s["earlier"] == true,
            s["later"] == true,
        )
    };

    let (total, first, last, rows, earlier_off, later_off) = shown().await;
    assert!(total > 2_100, "every registration is a row: {total}");
    assert!(total <= 4_000, "two pages: {total}");
    assert_eq!(
        (first, last, rows),
        (total - 1_999, total, 2_000),
        "the newest page, whole"
    );
    assert!(!earlier_off && later_off, "only older rows to go to");
    app.shot("05-review-newest-page").await;

    app.click("rv-earlier").await;
    app.wait_text(&format!("가운데 1-{}번째", group(total - 2_000)))
        .await;
    let (total2, first, last, rows, earlier_off, later_off) = shown().await;
    assert_eq!(
        total2, total,
        "the count is the log's as it stood when asked"
    );
    assert_eq!(
        (first, last, rows),
        (1, total - 2_000, total - 2_000),
        "the oldest rows"
    );
    assert!(earlier_off && !later_off, "only newer rows to go to");

    app.click("rv-later").await;
    app.wait_text(&format!("가운데 {}-", group(total - 1_999)))
        .await;
    let back = shown().await;
    assert_eq!(
        back,
        (total, total - 1_999, total, 2_000, false, true),
        "the same newest page"
    );
    app.close().await;
}

/// A whole number as the screens write it: digits grouped in threes.
fn group(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
