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
