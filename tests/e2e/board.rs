//! The desk's day: find a patient, check them in by keyboard with the ID check the rules
//! preselect, see them on today's board, move them on and undo a wrong click.

use crate::flows::{DESK_PW, at_desk, import_patients, prepared, sign_in};
use crate::harness::App;

const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";

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

    // The waiting-room screen (the same app at #display, as its second window opens it): the
    // day number and status only; names are off by default.
    app.client
        .execute("location.hash = '#display';", vec![])
        .await
        .unwrap();
    app.el("display-1").await;
    let shown = app.text_of("waiting-display").await;
    assert!(shown.contains('1') && shown.contains("대기"), "{shown}");
    assert!(
        !shown.contains("이영희") && !shown.contains("이*희"),
        "no name: {shown}"
    );
    app.shot("05-waiting-display").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phone_booking_then_arrival_registration_and_check_in() {
    let (tmp, _) = prepared(true);
    let app = App::start_in("phone-booking", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;

    // The app runs on the real clock: book a few minutes ahead, in Seoul time.
    let at = (chrono::Utc::now().with_timezone(&chrono_tz::Asia::Seoul)
        + chrono::Duration::minutes(5))
    .naive_local();
    let same_day = at.date()
        == chrono::Utc::now()
            .with_timezone(&chrono_tz::Asia::Seoul)
            .date_naive();
    let at = at.format("%Y-%m-%d %H:%M").to_string();
    app.click("nav-bookings").await;
    app.click("pb-open").await;
    app.type_into("pb-name", "최전화").await;
    app.type_into("pb-mobile", "010-7777-8888").await;
    app.type_into("pb-at", &at).await;
    app.click("pb-save").await;
    app.wait_text("예약했습니다").await;
    app.click("bookings-week").await;
    app.axe("appointment book").await;
    app.shot("05-bookings").await;

    // Arrival: the name opens the registration form with what was given by phone.
    app.wait_text("전화 예약(미등록)").await;
    app.click_text("최전화").await;
    app.el("pf-rrn").await;
    app.type_into("pf-rrn", "750505-1234567").await;
    app.el("pf-rrn").await.send_keys(TAB).await.unwrap();
    app.type_into("pf-address", "서울특별시 종로구 1").await;
    app.el("pf-address").await.send_keys(TAB).await.unwrap();
    app.shot("06-register-from-booking").await;
    app.click("pf-save").await;
    app.el("pr-facts").await;
    assert!(app.text_of("pr-mobile").await.contains("010-7777-8888"));
    if same_day {
        // The check-in is linked to the booking.
        app.el("ci-appointment").await;
        app.click("ci-id-id-card").await;
        app.click("ci-checkin").await;
        app.wait_text("오늘 1번").await;
    }
    app.close().await;
}
