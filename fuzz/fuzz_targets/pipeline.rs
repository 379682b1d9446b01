//! The whole per-file pipeline on arbitrary bytes, with our own engine only:
//! pdf-extract (the fallback) is known to abort on hostile input and is run
//! isolated in worker processes, so fuzzing it here would only rediscover that.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = whosigned::Options { fallback: false, ..Default::default() };
    let _ = whosigned::process_bytes("fuzz.pdf", data, &opts);
});
