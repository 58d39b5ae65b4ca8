// CID helpers against vectors computed independently (Python's base64.b32encode
// over 0x01 codec 0x12 0x20 ‖ sha256), including IPFS's well-known CID of "hello".
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assertCid,
  cidDigest,
  cidDigestHex,
  cidFromDigest,
  cidFromString,
  cidToString,
  DAG_PB_CODEC,
  isNoneCid,
  RAW_CODEC,
  rawCid,
} from '../src/index.js';

const sha = (b: string) => new Uint8Array(createHash('sha256').update(b).digest());

describe('cid', () => {
  it('matches IPFS for the raw block "hello"', async () => {
    const cid = await rawCid(new TextEncoder().encode('hello'));
    expect(cidToString(cid)).toBe('bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq');
    expect(Array.from(cid.subarray(0, 4))).toEqual([0x01, RAW_CODEC, 0x12, 0x20]);
    expect(cidDigest(cid)).toEqual(sha('hello'));
    expect(cidDigestHex(cidToString(cid))).toBe(createHash('sha256').update('hello').digest('hex'));
  });

  it('encodes dag-pb CIDs with the bafy prefix', () => {
    const cid = cidFromDigest(sha(''), DAG_PB_CODEC);
    expect(cidToString(cid)).toBe('bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
  });

  it('round-trips binary and string forms', async () => {
    for (let i = 0; i < 50; i++) {
      const cid = await rawCid(new TextEncoder().encode(`content ${i}`));
      const text = cidToString(cid);
      expect(text).toMatch(/^b[a-z2-7]{58}$/);
      expect(cidFromString(text)).toEqual(cid);
    }
  });

  it('rejects what is not a CIDv1 sha2-256', () => {
    expect(() => cidFromString('Qmabc')).toThrow(RangeError);
    expect(() => cidFromString('bafkrei1')).toThrow(RangeError);
    const hello = 'bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq';
    expect(() => cidFromString(hello.toUpperCase().replace('B', 'b'))).toThrow(/invalid base32 character "A"/);
    expect(() => cidFromString(`${hello.slice(0, -1)}é`)).toThrow(/invalid base32 character "é"/);
    expect(() => cidFromString(hello.slice(0, -8))).toThrow(/not a CIDv1/);
    expect(() => cidFromDigest(new Uint8Array(31))).toThrow(RangeError);
    expect(() => cidFromDigest(new Uint8Array(32), 0x80)).toThrow(RangeError);
    const bad = cidFromDigest(new Uint8Array(32));
    bad[2] = 0x13;
    expect(() => assertCid(bad)).toThrow(RangeError);
    expect(isNoneCid(new Uint8Array(36))).toBe(true);
    expect(isNoneCid(cidFromDigest(sha('x')))).toBe(false);
  });
});
