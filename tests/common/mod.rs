//! What the integration tests share.

use std::io::Write;

/// Says something on the test output even when libtest captures it: the
/// harness captures the print macros, not writes to the stream itself. A
/// test that cannot run says so this way, so that a green run on a machine
/// without `../shared` or a tool does not look like a tested one.
pub fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}
