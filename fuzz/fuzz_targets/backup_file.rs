//! A backup file, a key file or a slot file from anywhere (a USB stick, a shared folder): any
//! bytes give an error or parts, never a panic, a hang or a huge allocation.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jeopsu_store::backup::decode(data);
    let _ = jeopsu_store::vault::KeyFile::from_bytes(data);
    let _ = jeopsu_store::vault::SlotFile::from_bytes(data);
});
