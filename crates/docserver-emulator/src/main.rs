//! `docserver-emulator`: runs the emulated Document Server.

fn main() {}
