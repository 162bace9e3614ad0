import { constants, createPublicKey, publicEncrypt } from 'node:crypto';

/**
 * Encrypts a User API key payload as Discourse does (FACTS.md §1.4–1.5): PKCS#1 v1.5 by default,
 * RSA-OAEP with SHA-1 when asked, then Ruby's `Base64.encode64`: a newline every 60 characters
 * and a trailing newline.
 */
export function encryptPayload(publicKeyPem: string, plaintext: string, padding: 'pkcs1' | 'oaep'): string {
  const key = createPublicKey(publicKeyPem);
  const bytes = Buffer.from(plaintext, 'utf8');
  const modulusBytes = (key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8;
  const max = padding === 'oaep' ? modulusBytes - 2 * 20 - 2 : modulusBytes - 11;
  if (bytes.length > max) {
    throw new PayloadTooLarge(
      `Payload too large for ${padding === 'oaep' ? 'OAEP' : 'PKCS#1'} encryption with this key size (${bytes.length} > ${max} bytes); minimum 2048-bit recommended`,
    );
  }
  const encrypted = publicEncrypt(
    padding === 'oaep'
      ? { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }
      : { key, padding: constants.RSA_PKCS1_PADDING },
    bytes,
  );
  return encode64(encrypted);
}

export class PayloadTooLarge extends Error {}

export function encode64(bytes: Buffer): string {
  const base64 = bytes.toString('base64');
  return (base64.match(/.{1,60}/g) ?? []).map((line) => `${line}\n`).join('');
}

/** `OpenSSL::PKey::RSA.new` accepts SPKI and PKCS#1 PEM; returns the bit length or null if unusable. */
export function rsaKeyBits(publicKeyPem: string): number | null {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'rsa') return null;
    return key.asymmetricKeyDetails?.modulusLength ?? null;
  } catch {
    return null;
  }
}
