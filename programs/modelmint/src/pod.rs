//! Little-endian integers stored as byte arrays. Account structs built from
//! these have alignment 1, so a struct can be read in place from any account
//! data slice and its memory layout is exactly its Borsh layout.

macro_rules! pod_int {
    ($name:ident, $int:ty, $n:expr) => {
        #[doc = concat!("A `", stringify!($int), "` stored little-endian in ", stringify!($n), " bytes.")]
        #[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
        #[repr(transparent)]
        pub struct $name(pub [u8; $n]);

        impl $name {
            #[inline(always)]
            pub const fn get(&self) -> $int {
                <$int>::from_le_bytes(self.0)
            }
            #[inline(always)]
            pub fn set(&mut self, v: $int) {
                self.0 = v.to_le_bytes();
            }
        }

        impl From<$int> for $name {
            #[inline(always)]
            fn from(v: $int) -> Self {
                Self(v.to_le_bytes())
            }
        }
    };
}

pod_int!(PodU16, u16, 2);
pod_int!(PodU32, u32, 4);
pod_int!(PodU64, u64, 8);
pod_int!(PodI64, i64, 8);

/// A Borsh `bool`: one byte, 0 or 1.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
#[repr(transparent)]
pub struct PodBool(pub u8);

impl PodBool {
    #[inline(always)]
    pub const fn get(&self) -> bool {
        self.0 != 0
    }
    #[inline(always)]
    pub fn set(&mut self, v: bool) {
        self.0 = v as u8;
    }
}
