// nanoid is ESM-only: a static import from an ES module function. Ids are random, so only their
// shape is reported.
import { nanoid, customAlphabet, urlAlphabet } from 'nanoid'

export default async function (ctx) {
  const id = nanoid()
  const short = nanoid(8)
  const abc = customAlphabet('abc', 10)
  const digits = customAlphabet('0123456789', 6)
  const ids = Array.from({ length: 100 }, () => nanoid())

  return {
    length: id.length,
    urlSafe: /^[A-Za-z0-9_-]{21}$/.test(id),
    shortLength: short.length,
    shortUrlSafe: /^[A-Za-z0-9_-]{8}$/.test(short),
    customAbc: /^[abc]{10}$/.test(abc()),
    customAbcSized: /^[abc]{4}$/.test(abc(4)),
    customDigits: /^\d{6}$/.test(digits()),
    unique: new Set(ids).size === ids.length,
    urlAlphabetLength: urlAlphabet.length,
    zeroSize: nanoid(0),
  }
}
