//! Token-2022's built-in token metadata (spl-token-metadata-interface):
//! name, symbol, URI and one extra field on the asset mint.

use pinocchio::{
    cpi::{invoke_signed, Signer},
    error::ProgramError,
    instruction::{InstructionAccount, InstructionView},
    AccountView, ProgramResult,
};

use crate::{
    constants::{MAX_NAME_LEN, MAX_SYMBOL_LEN, MAX_URI_LEN},
    discriminators::disc,
    errors::ModelmintError,
};

const INITIALIZE: [u8; 8] = disc(b"spl_token_metadata_interface:initialize_account");
const UPDATE_FIELD: [u8; 8] = disc(b"spl_token_metadata_interface:updating_field");

/// Key of the extra metadata field holding the model's address.
pub const MODEL_KEY: &[u8] = b"model";

/// Size of a Token-2022 mint with the MetadataPointer extension only:
/// 165 (base, padded) + 1 (account type) + 4 + 64 (pointer TLV).
pub const MINT_WITH_POINTER_LEN: usize = 234;

/// Mint size once the metadata (with one extra field of `value_len` bytes)
/// is stored; the mint must hold rent for it before initialisation.
pub fn mint_len_with_metadata(name: usize, symbol: usize, uri: usize, value_len: usize) -> Option<usize> {
    // TLV header 4; update authority 32; mint 32; three strings with u32
    // length prefixes; the extra-field vector: length 4, key and value with prefixes.
    [4, 32, 32, 4, name, 4, symbol, 4, uri, 4, 4, MODEL_KEY.len(), 4, value_len]
        .iter()
        .try_fold(MINT_WITH_POINTER_LEN, |acc, x| acc.checked_add(*x))
}

/// Borsh-writes strings into a stack buffer.
struct Buf<const N: usize> {
    data: [u8; N],
    len: usize,
}

impl<const N: usize> Buf<N> {
    fn new(prefix: &[u8; 8]) -> Self {
        let mut b = Self { data: [0u8; N], len: 0 };
        b.put(prefix);
        b
    }
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len.saturating_add(bytes.len()).min(N);
        if let Some(dst) = self.data.get_mut(self.len..end) {
            dst.copy_from_slice(bytes.get(..end.saturating_sub(self.len)).unwrap_or(&[]));
        }
        self.len = end;
    }
    fn string(&mut self, s: &[u8]) {
        self.put(&(s.len() as u32).to_le_bytes());
        self.put(s);
    }
    fn bytes(&self) -> &[u8] {
        self.data.get(..self.len).unwrap_or(&[])
    }
}

/// The asset's name, symbol and URI (the model card).
pub struct Metadata<'a> {
    pub name: &'a [u8],
    pub symbol: &'a [u8],
    pub uri: &'a [u8],
}

impl Metadata<'_> {
    /// Rejects empty or over-long strings.
    pub fn validate(&self) -> Result<(), ModelmintError> {
        let ok = |s: &[u8], max: usize| !s.is_empty() && s.len() <= max;
        if ok(self.name, MAX_NAME_LEN) && ok(self.symbol, MAX_SYMBOL_LEN) && ok(self.uri, MAX_URI_LEN) {
            Ok(())
        } else {
            Err(ModelmintError::StringTooLong)
        }
    }
}

/// Accounts of the metadata calls: the mint is its own metadata account.
pub struct MetadataAccounts<'a> {
    pub program: &'a AccountView,
    pub mint: &'a AccountView,
    /// Update and mint authority (the model PDA), signing with seeds.
    pub authority: &'a AccountView,
}

impl MetadataAccounts<'_> {
    /// `Initialize`: stores name, symbol and URI, reallocating the mint.
    pub fn initialize(&self, m: &Metadata, signers: &[Signer]) -> ProgramResult {
        let mut buf = Buf::<{ 8 + 12 + MAX_NAME_LEN + MAX_SYMBOL_LEN + MAX_URI_LEN }>::new(&INITIALIZE);
        buf.string(m.name);
        buf.string(m.symbol);
        buf.string(m.uri);
        let metas = [
            InstructionAccount::writable(self.mint.address()),
            InstructionAccount::readonly(self.authority.address()),
            InstructionAccount::readonly(self.mint.address()),
            InstructionAccount::readonly_signer(self.authority.address()),
        ];
        let ix = InstructionView { program_id: self.program.address(), accounts: &metas, data: buf.bytes() };
        invoke_signed(&ix, &[self.mint, self.authority, self.mint, self.authority], signers)
    }

    /// `UpdateField(Key(key), value)`.
    pub fn set_field(&self, key: &[u8], value: &[u8], signers: &[Signer]) -> Result<(), ProgramError> {
        let mut buf = Buf::<{ 8 + 1 + 4 + 16 + 4 + 64 }>::new(&UPDATE_FIELD);
        buf.put(&[3]); // Field::Key(String)
        buf.string(key);
        buf.string(value);
        let metas = [
            InstructionAccount::writable(self.mint.address()),
            InstructionAccount::readonly_signer(self.authority.address()),
        ];
        let ix = InstructionView { program_id: self.program.address(), accounts: &metas, data: buf.bytes() };
        invoke_signed(&ix, &[self.mint, self.authority], signers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_strings_are_bounded() {
        let m = |n: &'static [u8]| Metadata { name: n, symbol: b"MM", uri: b"ipfs://x" };
        assert_eq!(m(b"a").validate(), Ok(()));
        assert_eq!(m(b"").validate(), Err(ModelmintError::StringTooLong));
        assert_eq!(m(&[b'x'; 33]).validate(), Err(ModelmintError::StringTooLong));
    }

    #[test]
    fn size_counts_every_part() {
        assert_eq!(
            mint_len_with_metadata(1, 1, 1, 44),
            Some(234 + 4 + 64 + 4 + 1 + 4 + 1 + 4 + 1 + 4 + 4 + 5 + 4 + 44)
        );
    }
}
