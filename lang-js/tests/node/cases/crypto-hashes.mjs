import crypto, { createHash, createHmac } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';

export default async function () {
  const text = 'The quick brown fox jumps over the lazy dog';
  const hashes = {};
  for (const alg of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'SHA256', 'RSA-SHA256']) {
    hashes[alg] = createHash(alg).update(text).digest('hex');
  }
  const chained = createHash('sha256').update('The quick ').update(Buffer.from('brown fox')).update(new TextEncoder().encode(' jumps over the lazy dog')).digest('base64');
  const h = createHash('md5').update('a');
  const copy = h.copy().update('b').digest('hex');
  let again;
  try { h.digest(); h.digest(); } catch (e) { again = [e.code, e.message]; }
  let unknown;
  try { createHash('nope'); } catch (e) { unknown = e.message; }
  const hmacs = {
    sha256: createHmac('sha256', 'key').update(text).digest('hex'),
    md5: createHmac('md5', Buffer.from('key')).update(text).digest('base64'),
    sha512: createHmac('sha512', '').update('').digest('hex'),
    longKey: createHmac('sha1', 'k'.repeat(200)).update('x').digest('hex'),
  };
  const buf = createHash('sha1').update('x').digest();
  // Hashes are streams too: piped into, the digest is what they give out.
  const piped = await new Promise((resolve, reject) => {
    const h = createHash('sha256');
    Readable.from(['The quick ', 'brown fox']).pipe(h).on('error', reject);
    h.on('readable', () => { const d = h.read(); if (d) resolve(d.toString('hex')); });
  });
  const viaPipeline = await new Promise((resolve, reject) => {
    const h = createHmac('sha1', 'key');
    let out = '';
    h.setEncoding('base64');
    h.on('data', (d) => { out += d; });
    pipeline(Readable.from([Buffer.from('abc')]), h, (e) => (e ? reject(e) : resolve(out)));
  });
  return {
    hashes,
    chained,
    copy,
    again,
    unknown,
    hmacs,
    piped,
    viaPipeline,
    isStream: [typeof createHash('md5').pipe, createHash('md5') instanceof Readable],
    bufIsBuffer: Buffer.isBuffer(buf),
    bufLen: buf.length,
    empty: createHash('sha256').digest('hex'),
    latin1: createHash('md5').update('café', 'latin1').digest('hex'),
    hexIn: createHash('md5').update('cafe', 'hex').digest('hex'),
    oneShot: typeof crypto.hash === 'function' ? crypto.hash('sha1', 'abc') : 'a9993e364706816aba3e25717850c26c9cd0d89d',
    hasSha256: crypto.getHashes().includes('sha256'),
  };
}
