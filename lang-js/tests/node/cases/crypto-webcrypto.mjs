import { webcrypto } from 'node:crypto';

const hex = (ab) => Buffer.from(ab).toString('hex');

export default async function () {
  const subtle = globalThis.crypto.subtle;
  const data = new TextEncoder().encode('hello laf');
  const key = await subtle.importKey('raw', new TextEncoder().encode('secret'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const sig = await subtle.sign('HMAC', key, data);
  return {
    sha1: hex(await subtle.digest('SHA-1', data)),
    sha256: hex(await subtle.digest({ name: 'SHA-256' }, data)),
    sha512: hex(await webcrypto.subtle.digest('SHA-512', data.buffer)),
    hmac: hex(sig),
    verified: await subtle.verify('HMAC', key, sig, data),
    forged: await subtle.verify('HMAC', key, new Uint8Array(32), data),
    keyType: key.type,
    keyAlg: key.algorithm.name,
    sameObject: webcrypto.subtle === globalThis.crypto.subtle,
  };
}
