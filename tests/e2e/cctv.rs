//! CCTV: the CCTV officer takes in a viewing request for footage 25 days old (flagged
//! urgent, preserve task), records the preservation, approves with masking, books the viewing,
//! records it, sees the three ledger rows, and exports the ledger as CSV and PDF. Reception
//! cannot reach any of it, and the privacy officer can read but not act: the backend refuses.

use crate::flows::{CCTV_PW, DESK_PW, OFFICER_PW, at_desk, prepared, sign_in};
use crate::harness::App;
use chrono::{Duration, Utc};
use chrono_tz::Asia::Seoul;

fn seoul_minute(offset: Duration) -> String {
    (Utc::now().with_timezone(&Seoul) + offset)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_viewing_request_goes_from_intake_to_three_ledger_rows_and_an_export() {
    let (tmp, _) = prepared(true);
    let out = tmp.path().join("usb");
    std::fs::create_dir_all(&out).unwrap();
    let app = App::start_in("cctv", tmp).await;
    sign_in(&app, "cctv.ha", CCTV_PW).await;
    // The CCTV officer starts on the requests.
    app.wait_text("처리할 청구가 없습니다").await;
    app.el("cctv-none").await;
    app.axe("cctv: requests").await;

    app.click("cctv-tab-new").await;
    app.el("ci-name").await;
    app.axe("cctv: intake").await;
    app.type_into("ci-name", "박영희").await;
    app.type_into("ci-birth", "1980-03-04").await;
    app.type_into("ci-address", "서울특별시 강남구 테헤란로 123")
        .await;
    app.type_into("ci-phone", "01012345678").await;
    // Footage from 25 days ago: it is deleted in 5 days, before the 10-day answer date.
    app.set_value("ci-from", &seoul_minute(-Duration::days(25)))
        .await;
    app.set_value(
        "ci-to",
        &seoul_minute(-Duration::days(25) + Duration::minutes(30)),
    )
    .await;
    app.click("ci-loc-별관").await;
    app.type_into("ci-purpose", "주차장 접촉사고 확인").await;
    app.set_value("ci-idcheck", "driver-licence").await;
    app.shot("01-intake").await;
    app.click("ci-save").await;

    app.el("cr-urgent").await;
    let status = app.text_of("cr-status").await;
    assert!(
        status.contains("결정 대기") && status.contains("10일 남음"),
        "{status}"
    );
    app.axe("cctv: request").await;
    app.shot("02-urgent").await;

    app.type_into("cr-preserve-note", "USB 1번에 복사").await;
    app.click("cr-preserved").await;
    app.wait_text("보존을 기록했습니다").await;

    app.click("cr-decision-approve-masked").await;
    app.click("cr-decide").await;
    app.wait_text("결정을 저장했습니다").await;
    assert!(app.text_of("cr-decision").await.contains("모자이크"));

    // A viewing after the 10 days needs its reason (PIPA Art. 35(3)), named beside the field.
    app.set_value("cr-book-at", &seoul_minute(Duration::days(15)))
        .await;
    app.click("cr-book").await;
    app.wait_text("사유").await;
    assert!(
        !app.text_of("cr-late-m").await.trim().is_empty(),
        "the reason is asked beside its field"
    );
    app.set_value("cr-book-at", &seoul_minute(Duration::days(1)))
        .await;
    app.click("cr-book").await;
    app.el("cr-appointment").await;
    app.click("cr-print-notice").await;
    app.wait_text("인쇄할 문서를 열었습니다").await;

    // The viewing happened (recorded now; the form does not take a time in the future).
    app.type_into("cr-staff-present", "하은환").await;
    app.type_into("cr-approved-by", "하은환").await;
    app.set_value("cr-viewed-at", &seoul_minute(Duration::zero()))
        .await;
    assert!(
        app.el("cr-masked").await.is_selected().await.unwrap(),
        "masking follows the decision"
    );
    app.click("cr-view-save").await;
    app.wait_text("열람을 기록했습니다").await;
    assert!(app.text_of("cr-status").await.contains("종결"));
    // The history names each step in words, with its details.
    let history = app.text_of("cr-history").await;
    for line in ["영상 보존함", "결정:", "하은환"] {
        assert!(history.contains(line), "{line} in {history}");
    }
    let ledger = app.text_of("cr-ledger").await;
    for reason in ["영상 보존", "다른 사람 모자이크", "청구인 열람"] {
        assert!(ledger.contains(reason), "{reason} in {ledger}");
    }
    app.shot("03-closed").await;

    // The ledger: three rows, exported with a reason.
    app.click("cctv-tab-ledger").await;
    app.el("cl-row-3").await;
    let rows = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid^='cl-row-']"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 3, "three ledger rows");
    let body = app.body_text().await;
    assert!(
        !body.contains("cctv-"),
        "every value shown in words, no message ids: {body}"
    );
    assert!(
        body.contains("개인정보 보호법 제35조"),
        "the legal basis in words"
    );
    app.axe("cctv: ledger").await;
    app.shot("04-ledger").await;
    for format in ["csv", "pdf"] {
        app.click("cl-export").await;
        app.click(&format!("cl-format-{format}")).await;
        app.type_into("cl-folder", out.to_str().unwrap()).await;
        app.type_into("cl-reason", "월례 점검").await;
        app.click("cl-export-go").await;
        app.el("cl-notice").await;
    }
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let csv = files
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("the CSV");
    let text = std::fs::read_to_string(csv).unwrap();
    assert!(text.starts_with('\u{feff}'), "BOM for Excel");
    // The ledger's header and three rows; after an empty line, the request's answer.
    let ledger: Vec<&str> = text.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(ledger.len(), 4, "header and three rows: {text}");
    assert!(
        text.contains("열람 등 청구에 대한 답변"),
        "the answers section: {text}"
    );
    assert!(text.contains("박영희") && text.contains("열람"));
    assert!(
        files
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "pdf"))
    );

    // The setup screen reads the policy's cameras.
    app.click("cctv-tab-setup").await;
    app.el("cs-locations").await;
    app.wait_text("87").await;
    // The policy's own range names changing rooms and consulting rooms: the law is named.
    let warnings = app.text_of("cs-warnings").await;
    assert!(
        warnings.contains("탈의실") && warnings.contains("제25조제2항"),
        "{warnings}"
    );
    app.axe("cctv: setup").await;
    app.shot("05-setup").await;
    app.scroll_to("cs-warnings").await;
    app.shot("05b-setup-warnings").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reception_cannot_reach_cctv_and_the_privacy_officer_only_reads() {
    let (tmp, _) = prepared(true);
    let app = App::start_in("cctv-roles", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    let navs = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid='nav-cctv']"))
        .await
        .unwrap();
    assert!(navs.is_empty(), "reception has no CCTV entry");
    for (cmd, args) in [
        ("cctv_requests", serde_json::json!({ "openOnly": true })),
        (
            "cctv_ledger",
            serde_json::json!({ "from": "2026-01-01", "to": "2026-12-31", "kind": null }),
        ),
        ("cctv_setup_get", serde_json::json!({})),
    ] {
        assert_eq!(
            app.invoke_code(cmd, args).await,
            "forbidden",
            "{cmd} refuses reception"
        );
    }
    app.click("signout").await;

    sign_in(&app, "officer.park", OFFICER_PW).await;
    app.click("nav-cctv").await;
    app.el("cctv-none").await;
    let new_tab = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid='cctv-tab-new']"))
        .await
        .unwrap();
    assert!(
        new_tab.is_empty(),
        "the privacy officer cannot take requests in"
    );
    assert_eq!(
        app.invoke_code("cctv_requests", serde_json::json!({ "openOnly": false }))
            .await,
        "allowed"
    );
    assert_eq!(
        app.invoke_code(
            "cctv_step",
            serde_json::json!({ "id": 1, "step": { "type": "no-show" } })
        )
        .await,
        "forbidden"
    );
    app.close().await;
}
