// @vitest-environment node
import { constants, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptPayload,
  decryptPkcs1v15,
  generateHandshakeKeys,
  PayloadDecryptError,
  randomNonce,
} from '../../src/discourse/authCrypto';
import { encode64 } from '../forum/lib/payloadCrypto';

// Node 20 refuses PKCS#1 v1.5 private decryption (CVE-2023-46809), so Node encrypts and the
// extension's own code decrypts, as it will against a real forum.
describe('User API key payload decryption (FACTS.md §1.5)', () => {
  it('decrypts an RSA-OAEP/SHA-1 payload and says which padding it was', async () => {
    const keys = await generateHandshakeKeys();
    const message = JSON.stringify({ key: 'a'.repeat(32), nonce: randomNonce(), push: false, api: 4 });
    const cipher = publicEncrypt(
      { key: keys.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(message),
    );
    await expect(decryptPayload(keys.privateJwk, encode64(cipher))).resolves.toEqual({
      plaintext: message,
      padding: 'oaep',
    });
  });

  it('falls back to PKCS#1 v1.5 for a forum that ignores padding=oaep, newlines and all', async () => {
    const keys = await generateHandshakeKeys();
    const message = JSON.stringify({
      key: 'b'.repeat(32),
      nonce: 'n'.repeat(32),
      push: true,
      api: 4,
      expires_at: '2027-01-01T00:00:00Z',
    });
    const cipher = publicEncrypt(
      { key: keys.publicKeyPem, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(message),
    );
    const wrapped = encode64(cipher);
    expect(wrapped).toMatch(/^[A-Za-z0-9+/]{60}\n/); // Ruby's Base64.encode64 shape
    await expect(decryptPayload(keys.privateJwk, wrapped)).resolves.toEqual({ plaintext: message, padding: 'pkcs1' });
  });

  it('rejects a payload made for another key instead of returning garbage', async () => {
    const mine = await generateHandshakeKeys();
    const theirs = await generateHandshakeKeys();
    const cipher = publicEncrypt(
      { key: theirs.publicKeyPem, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from('{"key":"x"}'),
    );
    expect(() => decryptPkcs1v15(mine.privateJwk, cipher)).toThrow(PayloadDecryptError);
    await expect(decryptPayload(mine.privateJwk, 'not base64 !!')).rejects.toThrow(PayloadDecryptError);
  });

  it('makes a fresh 2048-bit key and a 128-bit nonce each time', async () => {
    const [a, b] = await Promise.all([generateHandshakeKeys(), generateHandshakeKeys()]);
    expect(a.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(a.publicKeyPem).not.toBe(b.publicKeyPem);
    expect(randomNonce()).toMatch(/^[0-9a-f]{32}$/);
    expect(randomNonce()).not.toBe(randomNonce());
  });
});
