//! Pure money math, free of accounts and syscalls so it is tested natively.

pub mod fees;
