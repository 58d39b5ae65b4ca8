//! Content identifiers. Every hash the program stores is a CIDv1 with a
//! sha2-256 multihash, kept whole (36 bytes) so the indexer and oracle can
//! fetch the content from IPFS; the 32-byte digest is what signatures bind.

use crate::errors::ModelmintError;

/// Binary CIDv1: version, codec (one-byte varint), multihash code 0x12
/// (sha2-256), digest length 32, digest.
pub type Cid = [u8; 36];

/// The all-zero CID stands for "none".
pub const NONE: Cid = [0u8; 36];

/// Checks the CIDv1 / sha2-256 framing (the codec may be any one-byte varint:
/// raw 0x55, dag-pb 0x70, dag-cbor 0x71, dag-json 0x0129 is two bytes and not
/// accepted).
pub fn validate(cid: &Cid) -> Result<(), ModelmintError> {
    if cid[0] == 0x01 && cid[1] < 0x80 && cid[2] == 0x12 && cid[3] == 0x20 {
        Ok(())
    } else {
        Err(ModelmintError::InvalidCid)
    }
}

/// The sha2-256 digest inside a CID.
pub fn digest(cid: &Cid) -> &[u8; 32] {
    // 36 - 4 = 32: the split cannot fail.
    cid.last_chunk::<32>().unwrap_or(&[0u8; 32])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_cid(d: u8) -> Cid {
        let mut c = [d; 36];
        c[..4].copy_from_slice(&[0x01, 0x55, 0x12, 0x20]);
        c
    }

    #[test]
    fn accepts_cidv1_sha256_and_exposes_digest() {
        let c = raw_cid(7);
        assert_eq!(validate(&c), Ok(()));
        assert_eq!(digest(&c), &[7u8; 32]);
    }

    #[test]
    fn rejects_other_framings() {
        for (i, v) in [(0, 0x00), (2, 0x13), (3, 0x40), (1, 0x80)] {
            let mut c = raw_cid(1);
            c[i] = v;
            assert_eq!(validate(&c), Err(ModelmintError::InvalidCid), "byte {i}");
        }
        assert_eq!(validate(&NONE), Err(ModelmintError::InvalidCid));
    }
}
