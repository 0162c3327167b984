//! Links the `broadsheet` executable position-dependent on Linux: its pointer
//! tables are then filled in once, when it is linked. As a PIE, the loader
//! rewrote some 47,000 pointers at every start, which made 10 MB of read-only
//! data private to each process (a third of a small build's peak memory) and
//! cost each start the page faults. Libraries, tests and proc macros are left
//! as they are.

fn main() {
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if linux {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
