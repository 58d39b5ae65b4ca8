//! PDA seed prefixes. Every account of the program is a PDA whose first seed
//! is one of these.

/// `Config`: `["config"]`.
pub const CONFIG: &[u8] = b"config";
