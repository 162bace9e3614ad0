/**
 * The crypto of Discourse's User API key handshake (FACTS.md §1.4–1.5), on WebCrypto only so it
 * runs in a service worker and in Node alike. The forum encrypts the payload with our RSA public
 * key: RSA-OAEP/SHA-1 when the forum honours `padding=oaep`, otherwise PKCS#1 v1.5, which
 * WebCrypto cannot decrypt, so that path is a small BigInt RSA (CRT) with the padding checked.
 */

export interface HandshakeKeys {
  /** PEM (SPKI), as `public_key` in the request. */
  publicKeyPem: string;
  /** Private key as a JWK: lives only as long as the flow, never stored. */
  privateJwk: JsonWebKey;
}

export async function generateHandshakeKeys(crypto: Crypto = globalThis.crypto): Promise<HandshakeKeys> {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-1' },
    true,
    ['encrypt', 'decrypt'],
  )) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return { publicKeyPem: toPem(spki), privateJwk };
}

function toPem(der: Uint8Array): string {
  const base64 = bytesToBase64(der);
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

export type Padding = 'oaep' | 'pkcs1';

export class PayloadDecryptError extends Error {
  override readonly name = 'PayloadDecryptError';
}

/**
 * Decrypts a payload as the forum sent it (base64 with newlines, as Ruby's encode64 writes it).
 * Tries OAEP first and falls back to PKCS#1 v1.5: an old forum ignores `padding` (FACTS.md §1.5).
 */
export async function decryptPayload(
  privateJwk: JsonWebKey,
  payloadBase64: string,
  crypto: Crypto = globalThis.crypto,
): Promise<{ plaintext: string; padding: Padding }> {
  let cipher: Uint8Array;
  try {
    cipher = base64ToBytes(payloadBase64.replace(/\s+/g, ''));
  } catch {
    throw new PayloadDecryptError('The payload is not valid base64.');
  }
  try {
    const key = await crypto.subtle.importKey(
      'jwk',
      { ...privateJwk, alg: 'RSA-OAEP' },
      { name: 'RSA-OAEP', hash: 'SHA-1' },
      false,
      ['decrypt'],
    );
    const plain = await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, key, cipher as BufferSource);
    return { plaintext: new TextDecoder().decode(plain), padding: 'oaep' };
  } catch {
    return { plaintext: decryptPkcs1v15(privateJwk, cipher), padding: 'pkcs1' };
  }
}

/** RSA decryption with the CRT parameters, then PKCS#1 v1.5 type-2 unpadding (RFC 8017 §7.2.2). */
export function decryptPkcs1v15(jwk: JsonWebKey, cipher: Uint8Array): string {
  const need = ['n', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
  for (const field of need) if (!jwk[field]) throw new PayloadDecryptError(`Private key lacks ${field}.`);
  const n = b64urlToBigInt(jwk.n!);
  const k = Math.ceil(n.toString(16).length / 2);
  if (cipher.length !== k) throw new PayloadDecryptError('The payload does not match this key (wrong length).');
  const c = bytesToBigInt(cipher);
  if (c >= n) throw new PayloadDecryptError('The payload does not match this key.');
  const p = b64urlToBigInt(jwk.p!);
  const q = b64urlToBigInt(jwk.q!);
  const m1 = modPow(c % p, b64urlToBigInt(jwk.dp!), p);
  const m2 = modPow(c % q, b64urlToBigInt(jwk.dq!), q);
  const h = (b64urlToBigInt(jwk.qi!) * (((m1 - m2) % p) + p)) % p;
  const message = bigIntToBytes(m2 + h * q, k);
  // EM = 0x00 || 0x02 || PS (≥ 8 nonzero bytes) || 0x00 || M
  if (message[0] !== 0 || message[1] !== 2)
    throw new PayloadDecryptError('The payload is not PKCS#1 v1.5 padded for this key.');
  const separator = message.indexOf(0, 2);
  if (separator < 10) throw new PayloadDecryptError('The payload is not PKCS#1 v1.5 padded for this key.');
  return new TextDecoder('utf-8', { fatal: true }).decode(message.subarray(separator + 1));
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex ? BigInt(`0x${hex}`) : 0n;
}

function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function b64urlToBigInt(value: string): bigint {
  return bytesToBigInt(base64ToBytes(value.replace(/-/g, '+').replace(/_/g, '/')));
}

export function base64ToBytes(base64: string): Uint8Array {
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** 128 random bits, hex: the nonce echoed back in the payload. */
export function randomNonce(crypto: Crypto = globalThis.crypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
