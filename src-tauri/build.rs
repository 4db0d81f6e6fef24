use std::path::{Path, PathBuf};

fn main() {
    // The code the desk runs, placed first and together (link-order.txt, written by
    // scripts/link-order.sh): the kernel maps a binary's code 64 KiB around every page touched,
    // so scattered code costs resident memory (BENCHMARKS.md, "The binary's code, in the order
    // it runs"). lld only, which Rust uses by default for this target; other targets link as
    // before.
    println!("cargo:rerun-if-changed=link-order.txt");
    let target = std::env::var("TARGET").unwrap_or_default();
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let order = Path::new("link-order.txt");
    if target == "x86_64-unknown-linux-gnu" && release && order.exists() {
        let order = std::fs::canonicalize(order).unwrap_or_else(|_| order.to_path_buf());
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        // A symbol the code no longer has is skipped; the file is re-made, not kept in step.
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
        // lld's map of the link, beside the binary (target/release/jeopsu-app.map), with the
        // symbols as the linker sees them: scripts/link-order.sh reads it to make the file,
        // and scripts/link-order.py --check (in `make dist-check`) counts how much of the
        // file the link still found, since the shipped binary has no symbols to look at.
        if let Some(map) = map_path() {
            println!(
                "cargo:rustc-link-arg-bins=-Wl,-Map={},--no-demangle",
                map.display()
            );
        }
    }
    tauri_build::build()
}

/// `<target dir>/release/jeopsu-app.map`: OUT_DIR is `<target dir>/release/build/<pkg>/out`.
fn map_path() -> Option<PathBuf> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR")?);
    Some(out.ancestors().nth(3)?.join("jeopsu-app.map"))
}
