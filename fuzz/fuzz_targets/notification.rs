//! Fuzz target `notification`: its body is `wagate_devtools::fuzzing::notification`, which the
//! stable test `tests/it/fuzz_corpus.rs` also replays over `fuzz/corpus/notification/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(failure) = wagate_devtools::fuzzing::notification(data) {
        panic!("{failure}");
    }
});
