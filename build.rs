//! Rebuilds the crate when a migration or a translation file is added: both folders are read
//! by macros at compile time, and cargo does not otherwise notice new files in them.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=src/i18n/locales");
}
