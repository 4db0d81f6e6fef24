//! The reception desk: register an adult with the consents (field messages beside the fields,
//! save disabled with a reason), find them by initials and by the last four digits of the mobile,
//! open the record (masked RRN), change the marketing consent, print the consent copy; a
//! look-alike asks "is this the same person?"; the privacy officer reveals an RRN with a reason.

use crate::flows::{DESK_PW, OFFICER_PW, at_desk, prepared, sign_in};
use crate::harness::App;

const CTRL_N: &str = "\u{E009}n\u{E000}";
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

async fn value_of(app: &App, testid: &str) -> String {
    app.el(testid)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn press(app: &App, testid: &str, keys: &str) {
    app.el(testid).await.send_keys(keys).await.unwrap();
}

/// Types `query` and waits (up to 10 s) until the results satisfy `ok`; returns them.
async fn search_until(app: &App, query: &str, ok: impl Fn(&str) -> bool) -> String {
    app.type_into("patient-search", query).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let found = app
            .client
            .find_all(fantoccini::Locator::Css("[data-testid='desk-results']"))
            .await
            .unwrap();
        let text = match found.first() {
            Some(e) => e.text().await.unwrap_or_default(),
            None => String::new(),
        };
        if ok(&text) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "results for {query:?} never satisfied the check: {text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn reception_registers_an_adult_finds_them_and_opens_the_record() {
    let (tmp, _) = prepared(true);
    let app = App::start_in("desk", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    app.axe("desk: search").await;
    app.shot("01-desk").await;

    // Nobody yet: what was typed is carried into the new-patient form with Ctrl+N.
    app.type_into("patient-search", "김민수").await;
    app.wait_text("찾는 환자가 없습니다").await;
    press(&app, "patient-search", CTRL_N).await;
    app.el("pf-rrn").await;
    assert_eq!(value_of(&app, "pf-name").await, "김민수");

    // The RRN fills the birth date and gender; a bad mobile is named beside its field.
    app.type_into("pf-rrn", "900101-1234567").await;
    press(&app, "pf-rrn", TAB).await;
    // The age badge appears. The app runs on the real clock here (its screens still read the
    // browser's date in places), so the expected age is worked out for today, never written in.
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Seoul)
        .date_naive();
    let born = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
    let years = jeopsu_core::patient::age_on(born, today);
    app.wait_text(&format!("만 {years}")).await;
    assert_eq!(value_of(&app, "pf-birth_date").await, "1990-01-01");
    app.type_into("pf-mobile", "010-12").await;
    press(&app, "pf-mobile", TAB).await;
    let msg = app.text_of("pf-mobile-msg").await;
    assert!(!msg.trim().is_empty(), "a message beside the mobile field");
    app.type_into("pf-mobile", "01012345678").await;
    press(&app, "pf-mobile", TAB).await;
    app.type_into("pf-address", "서울특별시 강남구 테헤란로 1")
        .await;
    press(&app, "pf-address", TAB).await;
    // What care needs is a notice with its legal basis, not a tick box; registering never
    // waits for a consent. Only marketing is asked, and it names the company that does it.
    let notice = app.text_of("registration-notice").await;
    assert!(
        notice.contains("뮤즈클리닉")
            && notice.contains("제15조제1항")
            && notice.contains("(주)메먼트"),
        "{notice}"
    );
    assert!(
        app.client
            .find_all(fantoccini::Locator::Css(
                "[data-testid='consent-collection']"
            ))
            .await
            .unwrap()
            .is_empty(),
        "no consent box for what the law provides"
    );
    assert!(
        app.text_of("consent-marketing")
            .await
            .contains("(주)메먼트")
    );
    app.axe("desk: register form").await;
    app.shot("02-register").await;
    app.scroll_to("registration-notice").await;
    app.shot("02b-register-notice").await;
    app.click("pf-save").await;

    // The record: masked RRN, the consents in force with their wording version.
    app.el("pr-facts").await;
    assert!(app.text_of("pr-name").await.contains("김민수"));
    assert_eq!(app.text_of("pr-rrn").await, "900101-1******");
    assert_eq!(app.text_of("pr-mobile").await, "010-1234-5678");
    let now = app.text_of("pr-consents-now").await;
    assert!(
        now.contains("동의하지 않음"),
        "marketing left unanswered is recorded as refused: {now}"
    );
    assert!(
        app.client
            .find_all(fantoccini::Locator::Css("[data-testid='pr-reveal']"))
            .await
            .unwrap()
            .is_empty(),
        "reception cannot reveal an RRN"
    );
    app.axe("desk: record").await;
    app.shot("03-record").await;

    // Marketing: agreed later by phone, then withdrawn at the desk; both are new records.
    app.click("pr-grant").await;
    app.click("consent-marketing-yes").await;
    app.click("pr-by-phone").await;
    app.click("pr-grant-go").await;
    app.wait_text("마케팅 동의를 기록했습니다").await;
    app.click("pr-withdraw").await;
    app.click("pr-withdraw-go").await;
    app.wait_text("바로 적용됩니다").await;
    let history = app.text_of("pr-consent-history").await;
    assert!(
        history.contains("철회함") && history.contains("전화"),
        "{history}"
    );
    // Who took each decision, by name as the privacy screens name people, not the username.
    assert!(history.contains("이접수 (desk.lee)"), "{history}");
    app.scroll_to("pr-consent-history").await;
    app.shot("03b-consent-history").await;
    app.click("pr-print").await;
    app.el("pr-notice").await;
    app.shot("04-record-consents").await;

    // Found by initial consonants and by the last four digits; Enter opens the top hit.
    app.click("back-to-search").await;
    search_until(&app, "ㄱㅁㅅ", |t| t.contains("김민수")).await;
    let hits = search_until(&app, "5678", |t| {
        t.contains("김민수") && t.contains("…5678")
    })
    .await;
    assert!(
        !hits.contains("1234567"),
        "never the RRN in results: {hits}"
    );
    app.shot("05-found").await;
    press(&app, "patient-search", ENTER).await;
    assert!(app.text_of("pr-name").await.contains("김민수"));

    // A look-alike (same name and birth date, another RRN) asks before creating.
    app.click("back-to-search").await;
    app.type_into("patient-search", "김민수").await;
    press(&app, "patient-search", CTRL_N).await;
    app.type_into("pf-rrn", "900101-1765432").await;
    press(&app, "pf-rrn", TAB).await;
    app.type_into("pf-mobile", "010-9999-8888").await;
    app.type_into("pf-address", "부산광역시 해운대구 1").await;
    press(&app, "pf-address", TAB).await;
    app.click("pf-save").await;
    app.el("dup-dialog").await;
    app.wait_text("같은 분입니까?").await;
    app.shot("06-look-alike").await;
    app.click("dup-different").await;
    app.el("pr-facts").await;
    app.click("back-to-search").await;
    search_until(&app, "김민수", |t| t.matches("김민수").count() == 2).await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_privacy_officer_reveals_an_rrn_only_with_a_reason() {
    let (tmp, _) = prepared(true);
    crate::flows::import_patients(&tmp);
    let app = App::start_in("reveal", tmp).await;
    sign_in(&app, "officer.park", OFFICER_PW).await;
    at_desk(&app, "박책임").await;
    app.type_into("patient-search", "이영희").await;
    app.wait_text("명을 찾았습니다").await;
    press(&app, "patient-search", ENTER).await;
    // A minor: the badge says so in words, and guardian consent is pending.
    app.el("badge-minor").await;
    app.el("pr-guardian-pending").await;
    app.click("pr-reveal").await;
    app.click("pr-reveal-go").await;
    app.wait_text("사유").await;
    assert!(
        app.text_of("pr-rrn").await.contains('*'),
        "not without a reason"
    );
    app.type_into("pr-reveal-reason", "보험 청구 확인").await;
    app.click("pr-reveal-go").await;
    app.wait_text(&crate::flows::minor_14().1).await;
    app.axe("record: revealed").await;
    app.shot("01-revealed").await;
    app.close().await;
}
