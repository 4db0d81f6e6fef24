//! The Linux package as a clinic PC gets it: `installers/linux/check-deb.sh` unpacks
//! the .deb that `make dist` built and runs this test against the binary inside it
//! (`JEOPSU_APP_BIN`). Ignored in the ordinary run, where there is no package to test.

use crate::flows::sign_in;
use crate::harness::App;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "run by installers/linux/check-deb.sh (make dist-check) against the unpacked .deb"]
async fn the_unpacked_package_sets_up_and_signs_in() {
    let bin = std::env::var("JEOPSU_APP_BIN")
        .expect("JEOPSU_APP_BIN: the unpacked package's usr/bin/jeopsu-app (make dist-check)");
    assert!(
        bin.contains("/usr/bin/"),
        "this test drives the packaged binary, not {bin}"
    );
    let app = App::start_as_shipped("installed", tempfile::tempdir().unwrap()).await;
    app.el("clinic-name").await;
    app.click("setup-names-confirmed").await;
    app.click("setup-next").await;
    app.type_into("admin-username", "director.ha").await;
    app.type_into("admin-name", "하원장").await;
    app.type_into("admin-password", "setup password 1").await;
    app.type_into("admin-password2", "setup password 1").await;
    app.click("setup-create").await;
    app.el("phrase").await;
    let mut groups = vec![];
    for i in 1..=7 {
        groups.push(app.text_of(&format!("phrase-group-{i}")).await);
    }
    app.click("phrase-written").await;
    for field in ["confirm-a", "confirm-b"] {
        let group: usize = app
            .el(field)
            .await
            .attr("data-group")
            .await
            .unwrap()
            .unwrap()
            .parse()
            .unwrap();
        app.type_into(field, &groups[group - 1]).await;
    }
    app.click("confirm-phrase").await;
    app.el("signin-screen").await;
    sign_in(&app, "director.ha", "setup password 1").await;
    app.wait_text("하원장님, 안녕하세요").await;
    app.close().await;
}
