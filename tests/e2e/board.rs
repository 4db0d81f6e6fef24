//! The desk's day: find a patient, check them in by keyboard with the ID check the rules
//! preselect, see them on today's board, move them on and undo a wrong click.

use crate::flows::{DESK_PW, at_desk, import_patients, prepared, sign_in};
use crate::harness::App;

const ENTER: &str = "\u{E007}";

#[tokio::test(flavor = "multi_thread")]
async fn search_check_in_by_keyboard_then_board_status_change_and_undo() {
    let (tmp, _) = prepared(true);
    import_patients(&tmp);
    let app = App::start_in("board", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;

    // A minor: the desk preselects the under-19 exemption.
    app.type_into("patient-search", "이영희").await;
    app.wait_text("이영희").await;
    app.el("desk-results").await;
    app.el("patient-search")
        .await
        .send_keys(ENTER)
        .await
        .unwrap();
    app.el("checkin-form").await;
    let minor = app.el("ci-id-exempt-minor").await;
    assert_eq!(
        minor.prop("checked").await.unwrap().as_deref(),
        Some("true"),
        "preselected by the rules"
    );
    app.axe("record: check-in").await;
    app.shot("01-checkin").await;
    // Check in with the keyboard: the button is reached and pressed like any other.
    app.el("ci-checkin").await.send_keys(ENTER).await.unwrap();
    app.wait_text("오늘 1번").await;
    app.el("ci-open-today").await;

    // The board: number 1, checked in; on to waiting, then a wrong click to done, undone.
    app.click("nav-board").await;
    app.el("board-row-1").await;
    assert!(app.text_of("board-row-1").await.contains("이영희"));
    app.axe("board").await;
    app.shot("02-board").await;
    app.click("board-next-1").await;
    app.wait_text("1번을 대기 상태로 바꿨습니다").await;
    app.set_value("board-status-1", "done").await;
    app.wait_text("1번을 완료 상태로 바꿨습니다").await;
    app.click("board-undo-1").await;
    app.wait_text("되돌렸습니다. 1번은 다시 대기 상태입니다")
        .await;
    assert!(app.text_of("board-count-waiting").await.contains('1'));
    app.shot("03-board-undone").await;

    // The record lists the visit.
    app.click("board-open-1").await;
    app.el("pr-visits").await;
    assert!(app.text_of("pr-visits").await.contains("대기"));
    app.scroll_to("booking-form").await;
    app.axe("record: bookings and visits").await;
    app.shot("04-record-bookings-visits").await;
    app.close().await;
}
