import crypto from 'crypto';
import { randomBytes, randomUUID, randomInt, timingSafeEqual, pbkdf2Sync, pbkdf2, scryptSync } from 'node:crypto';

export default async function () {
  const r = randomBytes(16);
  const ints = Array.from({ length: 200 }, () => randomInt(3, 7));
  const filled = crypto.randomFillSync(new Uint8Array(8));
  const web = globalThis.crypto.getRandomValues(new Uint32Array(4));
  const async = await new Promise((res, rej) => pbkdf2('pw', 'salt', 1000, 32, 'sha256', (e, k) => (e ? rej(e) : res(k.toString('hex')))));
  let tse;
  try { timingSafeEqual(Buffer.from('a'), Buffer.from('ab')); } catch (e) { tse = e.code; }
  let badInt;
  try { randomInt(5, 5); } catch (e) { badInt = e.code; }
  return {
    randomLen: r.length,
    randomIsBuffer: Buffer.isBuffer(r),
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(randomUUID()),
    webUuid: /^[0-9a-f-]{36}$/.test(globalThis.crypto.randomUUID()),
    intsInRange: ints.every((i) => i >= 3 && i < 7 && Number.isInteger(i)),
    intsSpread: new Set(ints).size,
    filledLen: filled.length,
    webLen: web.length,
    tseTrue: timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')),
    tseFalse: timingSafeEqual(Buffer.from('abc'), Buffer.from('abd')),
    tse,
    badInt,
    pbkdf2: pbkdf2Sync('password', 'salt', 1, 20, 'sha1').toString('hex'),
    pbkdf2Sha512: pbkdf2Sync('password', 'salt', 2, 64, 'sha512').toString('base64'),
    pbkdf2Async: async,
    scrypt: scryptSync('password', 'NaCl', 64, { N: 1024, r: 8, p: 16 }).toString('hex'),
    scryptDefault: scryptSync('pw', 'salt', 16).toString('hex'),
  };
}
