//! The app works with the network unplugged: this test re-runs itself inside a new network
//! namespace (`unshare --net`, unprivileged through a user namespace) that has only loopback, and
//! there sets up, unlocks, signs in and backs up. Loopback stays because the WebDriver session
//! itself is local HTTP; an unplugged PC has loopback too.

use crate::flows::{ADMIN_PW, prepared, sign_in};
use crate::harness::App;
use std::process::Command;

const CHILD: &str = "JEOPSU_OFFLINE_CHILD";

#[tokio::test(flavor = "multi_thread")]
async fn works_with_the_network_unplugged() {
    if std::env::var_os(CHILD).is_some() {
        return offline_flow().await;
    }
    let exe = std::env::current_exe().unwrap();
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--net", "--", "sh", "-c"])
        .arg("ip link set lo up && exec \"$0\" \"$@\"")
        .arg(exe)
        .args([
            "--exact",
            "offline::works_with_the_network_unplugged",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .output()
        .expect("unshare (util-linux) and ip (iproute2), installed by install-deps.sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("1 passed"),
        "the offline run failed:\n{text}"
    );
}

/// Network interfaces this process can see (its own network namespace).
fn interfaces() -> Vec<String> {
    std::fs::read_to_string("/proc/self/net/dev")
        .unwrap()
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next())
        .map(|n| n.trim().to_string())
        .collect()
}

async fn offline_flow() {
    assert_eq!(interfaces(), ["lo"], "only loopback in here");
    // No keyring either (its D-Bus socket may not reach into the namespace): password-only
    // sign-in keys, as a clinic without a keyring would choose.
    let (tmp, _) = prepared(false);
    let usb = tempfile::tempdir().unwrap();
    let app = App::start_as_shipped("offline", tmp).await;
    app.el("signin-screen").await;
    sign_in(&app, "admin.kim", ADMIN_PW).await;
    app.wait_text("김관리님, 안녕하세요").await;
    app.shot("01-home-offline").await;
    app.click("nav-admin").await;
    app.click("place-other").await;
    app.type_into("backup-folder", usb.path().to_str().unwrap())
        .await;
    app.click("backup-now").await;
    app.el("backup-done").await;
    app.close().await;
}
