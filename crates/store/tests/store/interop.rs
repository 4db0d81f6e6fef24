//! The clinic is never locked into Jeopsu: a standard SQLCipher 4 client that is not ours
//! (Python's sqlcipher3, installed by installers/linux/install-deps.sh) reads the database
//! given the raw key.

use crate::common::{Fixture, add_staff};
use std::process::Command;

fn python() -> String {
    std::env::var("JEOPSU_PYTHON").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        format!("{home}/.cache/jeopsu/pyenv/bin/python")
    })
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "the Python SQLCipher client is installed on Linux only (install-deps.sh)"
)]
fn python_sqlcipher3_reads_our_database() {
    let mut f = Fixture::new();
    add_staff(f.store(), "interop.kim", Some("김상호운용"));
    f.close();
    let hex = f.raw_key_hex();
    let script = r#"
import sys
from sqlcipher3 import dbapi2 as sqlite
conn = sqlite.connect(sys.argv[1])
conn.execute(f"PRAGMA key = \"x'{sys.argv[2]}'\"")
print(conn.execute("PRAGMA cipher_version").fetchone()[0])
for row in conn.execute("SELECT username, display_name, role FROM staff"):
    print("|".join(row))
"#;
    let out = Command::new(python())
        .args(["-c", script, f.db_path().to_str().unwrap(), &hex])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}): run installers/linux/install-deps.sh",
                python()
            )
        });
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines = stdout.lines();
    let version = lines.next().unwrap_or("");
    assert!(version.starts_with('4'), "a SQLCipher 4 client: {version}");
    assert_eq!(
        lines.next(),
        Some("interop.kim|김상호운용|reception"),
        "full output: {stdout}"
    );
}
