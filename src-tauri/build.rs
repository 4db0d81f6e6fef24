use std::path::Path;

fn main() {
    // The code the desk runs, placed first and together (link-order.txt, written by
    // scripts/link-order.sh): the kernel maps a binary's code 64 KiB around every page touched,
    // so scattered code costs resident memory (BENCHMARKS.md, "The binary's code, in the order
    // it runs"). lld only, which Rust uses by default for this target; other targets link as
    // before.
    println!("cargo:rerun-if-changed=link-order.txt");
    println!("cargo:rerun-if-env-changed=JEOPSU_LINK_MAP");
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
    }
    // scripts/link-order.sh: lld's map of the link, with the symbols as the linker sees them.
    if let Some(map) = std::env::var_os("JEOPSU_LINK_MAP") {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,-Map={},--no-demangle",
            map.to_string_lossy()
        );
    }
    tauri_build::build()
}
