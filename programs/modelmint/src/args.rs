//! A Borsh reader for instruction arguments. Arguments are small and read
//! once, so a cursor over the data is cheaper than a deserialisation framework.

use pinocchio::{error::ProgramError, Address};

use crate::errors::ModelmintError;

/// Cursor over instruction data; every read fails cleanly on short input.
pub struct ArgReader<'a> {
    data: &'a [u8],
}

fn bad() -> ProgramError {
    ModelmintError::InvalidInstructionData.into()
}

impl<'a> ArgReader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], ProgramError> {
        let (head, rest) = self.data.split_first_chunk::<N>().ok_or_else(bad)?;
        self.data = rest;
        Ok(*head)
    }

    pub fn u8(&mut self) -> Result<u8, ProgramError> {
        Ok(self.take::<1>()?[0])
    }
    pub fn bool(&mut self) -> Result<bool, ProgramError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(bad()),
        }
    }
    pub fn u16(&mut self) -> Result<u16, ProgramError> {
        self.take().map(u16::from_le_bytes)
    }
    pub fn u32(&mut self) -> Result<u32, ProgramError> {
        self.take().map(u32::from_le_bytes)
    }
    pub fn u64(&mut self) -> Result<u64, ProgramError> {
        self.take().map(u64::from_le_bytes)
    }
    pub fn i64(&mut self) -> Result<i64, ProgramError> {
        self.take().map(i64::from_le_bytes)
    }
    pub fn bytes32(&mut self) -> Result<[u8; 32], ProgramError> {
        self.take()
    }
    /// A CIDv1 / sha2-256 content identifier, validated.
    pub fn cid(&mut self) -> Result<crate::cid::Cid, ProgramError> {
        let c = self.take::<36>()?;
        crate::cid::validate(&c)?;
        Ok(c)
    }
    /// A Borsh string (u32 length, bytes) of at most `max` bytes.
    pub fn string(&mut self, max: usize) -> Result<&'a [u8], ProgramError> {
        let len = self.u32()? as usize;
        if len > max {
            return Err(crate::errors::ModelmintError::StringTooLong.into());
        }
        let (s, rest) = self.data.split_at_checked(len).ok_or_else(bad)?;
        self.data = rest;
        Ok(s)
    }
    pub fn address(&mut self) -> Result<Address, ProgramError> {
        self.take().map(Address::new_from_array)
    }

    /// Borsh `Option<T>`: a 0/1 tag, then the value when 1.
    pub fn option<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, ProgramError>,
    ) -> Result<Option<T>, ProgramError> {
        if self.bool()? {
            read(self).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Trailing bytes mean the client and program disagree on the layout.
    pub fn finish(self) -> Result<(), ProgramError> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(bad())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_borsh_and_rejects_short_or_trailing_input() {
        let data = [1u8, 7, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 9];
        let mut r = ArgReader::new(&data);
        assert_eq!(r.option(|r| r.u16()).unwrap(), Some(7));
        assert_eq!(r.option(|r| r.u16()).unwrap(), None);
        assert_eq!(r.i64().unwrap(), 5);
        assert!(r.u16().is_err());
        let mut r = ArgReader::new(&data[..3]);
        r.u16().unwrap();
        assert!(r.finish().is_err());
        assert!(ArgReader::new(&[2]).bool().is_err());
    }
}
