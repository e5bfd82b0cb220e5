//! Links the unwinder statically on Linux with glibc, where it is at hand.
//!
//! Rust programs there load `libgcc_s.so` for unwinding, and its constructor probes the CPU
//! (`cpuid`), which a virtual machine traps: a tenth of a `show` on the built-in bank, whose
//! whole run is start-up (benches/cli.rs). `libgcc_eh.a`, the same unwinder as a static archive,
//! ships with GCC and has no constructor; linked before the standard library asks for
//! `libgcc_s`, it answers every call, so `libgcc_s` is left out (the linker's `--as-needed`).
//! Panics unwind as before. Where the archive is not found, nothing changes.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    // The C compiler rustc links with, asked where its static unwinder is: it prints the bare
    // name when it has none.
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let found = Command::new(compiler)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .is_some_and(|path| Path::new(&path).is_absolute() && Path::new(&path).exists());
    if found {
        println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
    }
}
