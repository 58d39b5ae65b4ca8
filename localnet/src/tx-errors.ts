// LiteSVM's transaction errors rendered the way a validator's JSON-RPC does
// (serde's externally tagged enums), plus their Display strings.
import type { JsonValue } from './json.js';

export type TxError = string | { [variant: string]: JsonValue };

// Order of LiteSVM's TransactionErrorFieldless (the numbers it returns).
const TX_FIELDLESS = [
  'AccountInUse',
  'AccountLoadedTwice',
  'AccountNotFound',
  'ProgramAccountNotFound',
  'InsufficientFundsForFee',
  'InvalidAccountForFee',
  'AlreadyProcessed',
  'BlockhashNotFound',
  'CallChainTooDeep',
  'MissingSignatureForFee',
  'InvalidAccountIndex',
  'SignatureFailure',
  'InvalidProgramForExecution',
  'SanitizeFailure',
  'ClusterMaintenance',
  'AccountBorrowOutstanding',
  'WouldExceedMaxBlockCostLimit',
  'UnsupportedVersion',
  'InvalidWritableAccount',
  'WouldExceedMaxAccountCostLimit',
  'WouldExceedAccountDataBlockLimit',
  'TooManyAccountLocks',
  'AddressLookupTableNotFound',
  'InvalidAddressLookupTableOwner',
  'InvalidAddressLookupTableData',
  'InvalidAddressLookupTableIndex',
  'InvalidRentPayingAccount',
  'WouldExceedMaxVoteCostLimit',
  'WouldExceedAccountDataTotalLimit',
  'MaxLoadedAccountsDataSizeExceeded',
  'ResanitizationNeeded',
  'InvalidLoadedAccountsDataSizeLimit',
  'UnbalancedTransaction',
  'ProgramCacheHitMaxLimit',
  'CommitCancelled',
] as const;

// Order of LiteSVM's InstructionErrorFieldless.
const IX_FIELDLESS = [
  'GenericError',
  'InvalidArgument',
  'InvalidInstructionData',
  'InvalidAccountData',
  'AccountDataTooSmall',
  'InsufficientFunds',
  'IncorrectProgramId',
  'MissingRequiredSignature',
  'AccountAlreadyInitialized',
  'UninitializedAccount',
  'UnbalancedInstruction',
  'ModifiedProgramId',
  'ExternalAccountLamportSpend',
  'ExternalAccountDataModified',
  'ReadonlyLamportChange',
  'ReadonlyDataModified',
  'DuplicateAccountIndex',
  'ExecutableModified',
  'RentEpochModified',
  'NotEnoughAccountKeys',
  'AccountDataSizeChanged',
  'AccountNotExecutable',
  'AccountBorrowFailed',
  'AccountBorrowOutstanding',
  'DuplicateAccountOutOfSync',
  'InvalidError',
  'ExecutableDataModified',
  'ExecutableLamportChange',
  'ExecutableAccountNotRentExempt',
  'UnsupportedProgramId',
  'CallDepth',
  'MissingAccount',
  'ReentrancyNotAllowed',
  'MaxSeedLengthExceeded',
  'InvalidSeeds',
  'InvalidRealloc',
  'ComputationalBudgetExceeded',
  'PrivilegeEscalation',
  'ProgramEnvironmentSetupFailure',
  'ProgramFailedToComplete',
  'ProgramFailedToCompile',
  'Immutable',
  'IncorrectAuthority',
  'AccountNotRentExempt',
  'InvalidAccountOwner',
  'ArithmeticOverflow',
  'UnsupportedSysvar',
  'IllegalOwner',
  'MaxAccountsDataAllocationsExceeded',
  'MaxAccountsExceeded',
  'MaxInstructionTraceLengthExceeded',
  'BuiltinProgramsMustConsumeComputeUnits',
  'BorshIoError',
] as const;

function has<K extends string>(v: unknown, key: K): v is Record<K, unknown> {
  return typeof v === 'object' && v !== null && key in v;
}

function instructionError(e: unknown): JsonValue {
  if (typeof e === 'number') return IX_FIELDLESS[e] ?? 'GenericError';
  if (has(e, 'code') && typeof e.code === 'number') return { Custom: e.code };
  if (has(e, 'msg') && typeof e.msg === 'string') return { BorshIoError: e.msg };
  return 'GenericError';
}

/** Converts the value of LiteSVM's `FailedTransactionMetadata.err()`. */
export function fromLiteSvmError(err: unknown): TxError {
  if (typeof err === 'number') return TX_FIELDLESS[err] ?? 'SanitizeFailure';
  if (has(err, 'err') && typeof err.err === 'function' && has(err, 'index')) {
    const inner: unknown = err.err();
    return { InstructionError: [Number(err.index), instructionError(inner)] };
  }
  if (has(err, 'index') && typeof err.index === 'number') return { DuplicateInstruction: err.index };
  if (has(err, 'accountIndex') && typeof err.accountIndex === 'number') {
    const text = String(err);
    const variant = text.includes('Restricted') ? 'ProgramExecutionTemporarilyRestricted' : 'InsufficientFundsForRent';
    return { [variant]: { account_index: err.accountIndex } };
  }
  return 'SanitizeFailure';
}

/** True for errors after which the transaction is in a block and its fee charged. */
export function isExecutionError(err: TxError): boolean {
  return typeof err !== 'string';
}

const TX_DISPLAY: Record<string, string> = {
  AccountNotFound: 'Attempt to debit an account but found no record of a prior credit.',
  AlreadyProcessed: 'This transaction has already been processed',
  BlockhashNotFound: 'Blockhash not found',
  InsufficientFundsForFee: 'Insufficient funds for fee',
  SignatureFailure: 'Transaction did not pass signature verification',
  ProgramAccountNotFound: 'Attempt to load a program that does not exist',
  InvalidAccountForFee: 'This account may not be used to pay transaction fees',
  SanitizeFailure: 'Transaction failed to sanitize accounts offsets correctly',
};

const IX_DISPLAY: Record<string, string> = {
  GenericError: 'generic instruction error',
  InvalidArgument: 'invalid program argument',
  InvalidInstructionData: 'invalid instruction data',
  InvalidAccountData: 'invalid account data for instruction',
  AccountDataTooSmall: 'account data too small for instruction',
  InsufficientFunds: 'insufficient funds for instruction',
  IncorrectProgramId: 'incorrect program id for instruction',
  MissingRequiredSignature: 'missing required signature for instruction',
  AccountAlreadyInitialized: 'instruction requires an uninitialized account',
  UninitializedAccount: 'instruction requires an initialized account',
  NotEnoughAccountKeys: 'insufficient account keys for instruction',
  ComputationalBudgetExceeded: 'Computational budget exceeded',
  ProgramFailedToComplete: 'Program failed to complete',
  InvalidSeeds: 'Provided seeds do not result in a valid address',
  IllegalOwner: 'Provided owner is not allowed',
};

/** The validator's Display text of a transaction error (used in preflight messages). */
export function displayTxError(err: TxError): string {
  if (typeof err === 'string') return TX_DISPLAY[err] ?? err;
  const ie = err.InstructionError;
  if (Array.isArray(ie)) {
    const [index, inner] = ie;
    let text: string;
    if (typeof inner === 'string') text = IX_DISPLAY[inner] ?? inner;
    else if (inner && typeof inner === 'object' && !Array.isArray(inner) && typeof inner.Custom === 'number') {
      text = `custom program error: 0x${inner.Custom.toString(16)}`;
    } else text = JSON.stringify(inner);
    return `Error processing Instruction ${String(index)}: ${text}`;
  }
  const [variant] = Object.keys(err);
  if (variant === 'InsufficientFundsForRent')
    return 'Transaction results in an account with insufficient funds for rent';
  return variant ?? 'unknown error';
}
