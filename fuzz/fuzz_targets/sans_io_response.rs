//! Fuzz target `sans_io_response`: its body is `wagate_devtools::fuzzing::sans_io_response`, which the
//! stable test `tests/it/fuzz_corpus.rs` also replays over `fuzz/corpus/sans_io_response/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(failure) = wagate_devtools::fuzzing::sans_io_response(data) {
        panic!("{failure}");
    }
});
