//! A backup file, a key file or a slot file from anywhere (a USB stick, a shared folder): any
//! bytes give an error or parts, never a panic, a hang or a huge allocation. The input is also
//! tried with the magic in front and its checksum behind, so the fuzzer reaches the header,
//! the key file and the length fields instead of stopping at the checksum.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};

fuzz_target!(|data: &[u8]| {
    let _ = jeopsu_store::backup::decode(data);
    let _ = jeopsu_store::vault::KeyFile::from_bytes(data);
    let _ = jeopsu_store::vault::SlotFile::from_bytes(data);
    let mut framed = b"JEOPSUBK".to_vec();
    framed.extend_from_slice(data);
    let digest = Sha256::digest(&framed);
    framed.extend_from_slice(&digest);
    let _ = jeopsu_store::backup::decode(&framed);
});
