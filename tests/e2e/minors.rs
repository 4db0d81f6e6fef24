//! A minor at the desk: register a 9-year-old, the guardian step opens by itself, add
//! the legal representative, sign on the pad with the mouse, save; the record shows the signed
//! consent (no longer pending), and the signed copy prints.

use crate::flows::{DESK_PW, at_desk, prepared, sign_in};
use crate::harness::App;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use std::time::Duration;

const CTRL_N: &str = "\u{E009}n\u{E000}";
const TAB: &str = "\u{E004}";

/// Draws a zig-zag across the signature pad with real pointer input.
async fn sign(app: &App) {
    let pad = app.el("signature-pad").await;
    app.client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'})",
            vec![serde_json::to_value(&pad).unwrap()],
        )
        .await
        .unwrap();
    let mut mouse = MouseActions::new("mouse".to_string())
        .then(PointerAction::MoveToElement {
            element: pad.clone(),
            duration: None,
            x: -200.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    for i in 0..12 {
        let dy = if i % 2 == 0 { 40.0 } else { -40.0 };
        mouse = mouse.then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(30)),
            x: 30.0,
            y: dy,
        });
    }
    mouse = mouse.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    app.client.perform_actions(mouse).await.unwrap();
    app.client.release_actions().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_nine_year_olds_guardian_signs_on_the_pad_and_the_record_shows_it() {
    let (tmp, _) = prepared(true);
    let app = App::start_in("minors", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;

    // Register a child of 9 (under 14: the legal representative consents and signs).
    let (_, child_rrn) = crate::flows::born(9, false, "123456");
    app.type_into("patient-search", "이하준").await;
    app.wait_text("찾는 환자가 없습니다").await;
    app.el("patient-search")
        .await
        .send_keys(CTRL_N)
        .await
        .unwrap();
    app.type_into("pf-rrn", &child_rrn).await;
    app.el("pf-rrn").await.send_keys(TAB).await.unwrap();
    app.el("guardian-needed").await;
    app.type_into("pf-mobile", "010-1234-5678").await;
    app.type_into("pf-address", "서울특별시 마포구 월드컵로 1")
        .await;
    app.el("pf-address").await.send_keys(TAB).await.unwrap();
    app.click("pf-save").await;

    // The record opens with the guardian step already open: it cannot be skipped by accident.
    app.el("guardian-step").await;
    assert!(
        app.text_of("pr-guardian-pending")
            .await
            .contains("법정대리인")
    );
    let notice = app.text_of("gs-notice").await;
    assert!(
        notice.contains("여러분을 치료하려고"),
        "plain, polite words: {notice}"
    );
    app.axe("minors: guardian step").await;
    app.shot("01-guardian-step").await;

    // Saving with nothing filled names every missing field, and writes nothing.
    app.click("gs-method-pad").await;
    app.click("gs-save").await;
    app.wait_text("표시된 칸을 고쳐 주세요").await;
    let name_msg = app
        .client
        .find(fantoccini::Locator::Css("#guardian1_name-m"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !name_msg.trim().is_empty(),
        "a message beside the guardian's name"
    );
    assert!(
        app.body_text().await.contains("서명란에 서명해 주세요"),
        "the pad asks for a signature"
    );

    app.type_into("guardian1_name", "김영희").await;
    app.type_into("guardian1_mobile", "01098765432").await;
    app.click("guardian1_relationship-mother").await;
    app.click("guardian1_verification-id-in-person").await;
    // Under 14 no optional item is offered: the representative reads the notices and signs.
    app.el("gs-registration-notice").await;
    assert!(
        app.text_of("gs-no-items").await.contains("만 14세 미만"),
        "marketing is not offered for a child"
    );
    sign(&app).await;
    app.wait_text("서명 1획").await;
    app.shot("02-signed-on-pad").await;
    app.click("gs-save").await;

    // The record: consent in force, signed on screen, the guardian named; the copy prints.
    app.wait_text("법정대리인 동의를 저장했습니다").await;
    let signed = app.text_of("pr-signed").await;
    assert!(
        signed.contains("화면 서명") && signed.contains("김영희") && signed.contains("어머니"),
        "{signed}"
    );
    assert!(signed.contains("010-9876-5432"), "normalised: {signed}");
    assert!(
        app.client
            .find_all(fantoccini::Locator::Css(
                "[data-testid='pr-guardian-pending']"
            ))
            .await
            .unwrap()
            .is_empty(),
        "no longer pending"
    );
    let now = app.text_of("pr-consents-now").await;
    assert!(
        now.contains("묻지 않음 (만 14세 미만)"),
        "under 14 no optional item was asked, and the record says so: {now}"
    );
    app.click("pr-print-signed").await;
    app.wait_text("양식을 열었습니다").await;
    app.axe("minors: record with signed consent").await;
    app.shot("03-record-signed").await;
    app.close().await;
}
