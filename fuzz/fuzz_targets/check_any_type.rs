//! Placeholder target until the reliability issue: every TYPE's checker on
//! arbitrary bytes must return, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for entry in wagate::registry::types() {
        let _ = (entry.check)(data);
    }
});
