//! Cross-program calls, each built by hand: the instruction data is a few
//! bytes, and owning the encoding keeps every call within upstream BPF's
//! five-argument limit (builders are structs passed by reference).

pub mod associated_token;
pub mod system;
pub mod token;
pub mod token_metadata;
