//! An import file from another program: any bytes give rows and problems, or an error naming
//! the line, never a panic. The rows go through the same checks as `jeopsu import patients`
//! before anything would be written.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = jeopsu_store::patients::read_import_csv(data) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
        let _ = jeopsu_store::patients::check_import_rows(&rows, today);
    }
});
