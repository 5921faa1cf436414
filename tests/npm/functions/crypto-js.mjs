// crypto-js from an ES module (crypto-js is CommonJS): digests, HMAC, Base64, and AES both with a
// passphrase (random salt: only the round trip is reported) and with an explicit key and IV.
import CryptoJS from 'crypto-js'

export default async function (ctx) {
  const text = 'Hello, Laf! 你好 ✓'
  const hex = CryptoJS.enc.Hex

  const secret = CryptoJS.AES.encrypt(text, 'my passphrase').toString()
  const back = CryptoJS.AES.decrypt(secret, 'my passphrase').toString(CryptoJS.enc.Utf8)

  const key = CryptoJS.enc.Utf8.parse('0123456789abcdef0123456789abcdef') // 32 bytes: AES-256
  const iv = CryptoJS.enc.Utf8.parse('abcdef9876543210')
  const options = { iv, mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.Pkcs7 }
  const fixed = CryptoJS.AES.encrypt(text, key, options)
  const fixedBack = CryptoJS.AES.decrypt(fixed.toString(), key, options).toString(CryptoJS.enc.Utf8)
  const ecb = CryptoJS.AES.encrypt('block', key, { mode: CryptoJS.mode.ECB, padding: CryptoJS.pad.Pkcs7 })

  return {
    md5: CryptoJS.MD5(text).toString(),
    sha1: CryptoJS.SHA1(text).toString(hex),
    sha256: CryptoJS.SHA256(text).toString(),
    sha512: CryptoJS.SHA512(text).toString(),
    sha3: CryptoJS.SHA3('abc', { outputLength: 256 }).toString(),
    ripemd160: CryptoJS.RIPEMD160('abc').toString(),
    hmacSha256: CryptoJS.HmacSHA256(text, 'key').toString(),
    hmacSha256Base64: CryptoJS.HmacSHA256(text, 'key').toString(CryptoJS.enc.Base64),
    hmacMd5: CryptoJS.HmacMD5('message', 'key').toString(),
    base64: CryptoJS.enc.Base64.stringify(CryptoJS.enc.Utf8.parse(text)),
    fromBase64: CryptoJS.enc.Base64.parse('TGFmIOKckw==').toString(CryptoJS.enc.Utf8),
    pbkdf2: CryptoJS.PBKDF2('password', 'salt', { keySize: 256 / 32, iterations: 1000, hasher: CryptoJS.algo.SHA256 }).toString(),
    passphrase: {
      ciphertextIsString: typeof secret === 'string',
      openSslSalted: secret.startsWith('U2FsdGVkX1'),
      decrypted: back,
    },
    keyIv: {
      ciphertext: fixed.toString(),
      ciphertextHex: fixed.ciphertext.toString(hex),
      decrypted: fixedBack,
    },
    ecb: ecb.toString(),
    randomWords: CryptoJS.lib.WordArray.random(16).sigBytes,
  }
}
