//! Fuzz target `response`: its body is `wagate_devtools::fuzzing::response`, which the
//! stable test `tests/it/fuzz_corpus.rs` also replays over `fuzz/corpus/response/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(failure) = wagate_devtools::fuzzing::response(data) {
        panic!("{failure}");
    }
});
