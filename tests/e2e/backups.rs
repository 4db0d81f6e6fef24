//! Backups that happen by themselves (docs/LAW.md, "Backups"): the first sign-in of the day writes one into
//! the chosen folder; an unplugged folder is told on the admin's and the privacy officer's
//! screens; the admin runs one now, watches it, and drills a copy.

use crate::flows::{ADMIN_PW, DESK_PW, OFFICER_PW, cli, prepared, sign_in};
use crate::harness::App;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn backups(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".jeopsubk"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread")]
async fn the_days_backup_happens_at_sign_in_and_an_unplugged_folder_is_told() {
    let (tmp, _) = prepared(true);
    let usb = tmp.path().join("usb");
    let away = tmp.path().join("usb-away");
    std::fs::create_dir(&usb).unwrap();
    let out = Command::new(cli())
        .arg("--data-dir")
        .arg(tmp.path().join("data"))
        .args(crate::flows::as_admin(&tmp))
        .args(["backup", "folder"])
        .arg(&usb)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = App::start_in("backups", tmp).await;

    // Reception's first sign-in of the day: the backup is written in the background.
    sign_in(&app, "desk.lee", DESK_PW).await;
    app.el("patient-search").await;
    let deadline = Instant::now() + Duration::from_secs(60);
    while backups(&usb).is_empty() {
        assert!(
            Instant::now() < deadline,
            "no backup after the first sign-in"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        !app.body_text().await.contains("백업 폴더"),
        "reception is not told about backups"
    );
    app.click("signout").await;

    // The stick is pulled out: the admin is told, with the date of the last good backup.
    std::fs::rename(&usb, &away).unwrap();
    sign_in(&app, "admin.kim", ADMIN_PW).await;
    let warning = app.el("backup-warning").await;
    assert_eq!(
        warning.attr("data-kind").await.unwrap().as_deref(),
        Some("folder-missing")
    );
    let text = app.text_of("backup-warning").await;
    assert!(text.contains("백업 폴더가 보이지 않아"), "{text}");
    app.axe("home: backup folder missing").await;
    app.shot("01-admin-warned").await;

    // Plugged back in: the admin runs one now and drills a copy. Rotation keeps the newest
    // copy of a day, so the morning's goes.
    std::fs::rename(&away, &usb).unwrap();
    let morning = backups(&usb);
    assert_eq!(morning.len(), 1);
    app.click("backup-warning-open").await;
    app.el("scheduled-backups").await;
    app.wait_text("(연결됨)").await;
    app.click("sb-run").await;
    let deadline = Instant::now() + Duration::from_secs(60);
    // The new copy is written, checked, then rotation deletes the morning's.
    while {
        let now = backups(&usb);
        now.len() != 1 || now == morning
    } {
        if Instant::now() > deadline {
            app.shot("99-no-run").await;
            panic!(
                "the run-now backup did not appear: {}",
                app.body_text().await
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let first = backups(&usb)[0].clone();
    app.el(&format!("sb-drill-{first}")).await;
    app.scroll_to(&format!("sb-drill-{first}")).await;
    app.click(&format!("sb-drill-{first}")).await;
    let result = app.text_of("sb-drill-result").await;
    assert!(
        result.contains("복원 훈련 통과") && result.contains("환자 0명"),
        "{result}"
    );
    app.axe("admin: scheduled backups").await;
    app.shot("02-admin-drilled").await;
    app.click("lang-en").await;
    app.wait_text("Scheduled backups").await;
    app.scroll_to("scheduled-backups").await;
    app.shot("03-admin-scheduled-en").await;
    app.click("lang-ko").await;
    app.wait_text("예약 백업").await;
    app.click("signout").await;

    // The privacy officer sees a missing folder too (and nothing to click: it is the admin's).
    std::fs::rename(&usb, &away).unwrap();
    sign_in(&app, "officer.park", OFFICER_PW).await;
    app.el("backup-warning").await;
    assert!(app.body_text().await.contains("백업 폴더가 보이지 않아"));
    app.shot("04-officer-warned").await;
    app.close().await;
}

/// A backup started at sign-out (the day had none: the folder was chosen after the sign-in) is
/// written, checked and recorded, though the desk's handle on the database closes with the
/// sign-out. It used to be written but never recorded, so the next sign-in wrote it again.
#[tokio::test(flavor = "multi_thread")]
async fn a_backup_started_at_sign_out_is_recorded() {
    let (tmp, _) = prepared(true);
    let usb = tmp.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let data = tmp.path().join("data");
    let admin = crate::flows::as_admin(&tmp);
    let app = App::start_in("backup-at-sign-out", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    app.el("patient-search").await;
    // Chosen only now: the sign-in found no folder, so the day has no backup at the sign-out.
    let mut folder = admin.clone();
    folder.extend(["backup".into(), "folder".into(), usb.display().to_string()]);
    crate::flows::run_cli(&data, &folder);
    app.click("signout").await;
    app.el("signin-username").await;

    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (checked, list) = a_checked_copy_is_recorded(&data, &admin);
        if checked {
            break;
        }
        assert!(Instant::now() < deadline, "not recorded as checked: {list}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(backups(&usb).len(), 1);
    app.close().await;
}

/// Whether `jeopsu backup list` (run as `admin`) shows a copy whose check is recorded as
/// passed; and the list, to say what it showed.
pub(crate) fn a_checked_copy_is_recorded(data: &Path, admin: &[String]) -> (bool, String) {
    let mut args = admin.to_vec();
    args.extend(["backup".into(), "list".into(), "--json".into()]);
    let out = crate::flows::run_cli(data, &args);
    let copies: serde_json::Value = serde_json::from_str(&out).unwrap();
    let checked = copies
        .as_array()
        .is_some_and(|a| a.iter().any(|c| c["checked_ok"] == true));
    (checked, out)
}
