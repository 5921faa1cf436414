import { createCipheriv, createDecipheriv, getCiphers } from 'crypto';

const key32 = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const key16 = key32.subarray(0, 16);
const iv16 = Buffer.from('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf', 'hex');
const iv12 = iv16.subarray(0, 12);

function seal(alg, key, iv, text, opts = {}) {
  const c = createCipheriv(alg, key, iv);
  if (opts.aad) c.setAAD(Buffer.from(opts.aad));
  if (opts.noPad) c.setAutoPadding(false);
  const out = c.update(text, 'utf8', 'hex') + c.final('hex');
  return opts.aad !== undefined || alg.endsWith('gcm') ? { out, tag: c.getAuthTag().toString('hex') } : out;
}
function open(alg, key, iv, hex, opts = {}) {
  const d = createDecipheriv(alg, key, iv);
  if (opts.aad) d.setAAD(Buffer.from(opts.aad));
  if (opts.tag) d.setAuthTag(Buffer.from(opts.tag, 'hex'));
  if (opts.noPad) d.setAutoPadding(false);
  return Buffer.concat([d.update(Buffer.from(hex, 'hex')), d.final()]).toString('utf8');
}

export default async function () {
  const text = 'Laf functions run unchanged: 支付 payload {"amount": 100}';
  const cbc256 = seal('aes-256-cbc', key32, iv16, text);
  const cbc128 = seal('aes-128-cbc', key16, iv16, text);
  const ctr = seal('aes-256-ctr', key32, iv16, text);
  const ecb = seal('aes-128-ecb', key16, null, 'sixteen byte msg');
  const gcm = seal('aes-256-gcm', key32, iv12, text, { aad: 'header' });
  const gcm16 = seal('aes-128-gcm', key16, iv16, 'wechat pay v3');
  const noPad = seal('aes-128-cbc', key16, iv16, '0123456789abcdef', { noPad: true });
  let badTag, badKey, badPad, badIv;
  try { open('aes-256-gcm', key32, iv12, gcm.out, { aad: 'header', tag: '00'.repeat(16) }); } catch (e) { badTag = e.message; }
  try { createCipheriv('aes-256-cbc', key16, iv16); } catch (e) { badKey = e.message; }
  try { open('aes-256-cbc', key32, iv16, cbc128); } catch (e) { badPad = e.message; }
  try { createCipheriv('aes-128-cbc', key16, iv12); } catch (e) { badIv = e.message; }
  return {
    cbc256, cbc128, ctr, ecb, gcm, gcm16, noPad,
    backCbc: open('aes-256-cbc', key32, iv16, cbc256),
    backCtr: open('aes-256-ctr', key32, iv16, ctr),
    backGcm: open('aes-256-gcm', key32, iv12, gcm.out, { aad: 'header', tag: gcm.tag }),
    backGcm16: open('aes-128-gcm', key16, iv16, gcm16.out, { tag: gcm16.tag }),
    backNoPad: open('aes-128-cbc', key16, iv16, noPad, { noPad: true }),
    badTag, badKey, badPad, badIv,
    listed: ['aes-256-gcm', 'aes-128-cbc', 'aes-256-ctr'].every((c) => getCiphers().includes(c)),
  };
}
