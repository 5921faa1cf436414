// jsonwebtoken, CommonJS style: HS256 and RS256 tokens from fixed payloads (no iat from the clock),
// so the token strings themselves are compared; failures are caught and reported by name/message.
// The RSA key pair is a fixed test key, inlined because a function cannot import a non-function file.
const jwt = require('jsonwebtoken')

const privateKey = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDUMaQAGSW/L1su
nJ3yoDksCerv0tvl/K8TjUGWy/kxjEeSSuJOBZgK/p74oGYOsqmyhFJRh5Gz8s7B
XO63R2UPTxoEJL0acgTs1qpyKasC3acYN9jHiyotnTOJiLt5fbXSuqGa+m4MiuDO
znLHPjcvVil1Es78eYgDwOcvQp2GXh4vCdXUBRrdy2pgcRrWKmkqiMq6IlCS8jFD
s6MxQql7ikh/aW4/8FakvabhX3N9Ph/yM+pk98t0bsEfFuCEIiuXM/sWxMBjfTF4
mwXQgS6MZy7JkPwke/cNlJMDXcT+59xeNmj36qk4C41xuz7RMLV88nnD6kpU5/Ic
W9lKfpO3AgMBAAECggEATkz5Fx4weyGm9IbPlAICxtjsDE5TXcVF96GG4/XlwR5i
JL4kTyUqS1hU4isSLfdIvnqsg7BSmEQPfnPkFNawGJuYXpIOA+2yGpFGOTVeCQMw
zzOAd3XHfSiGpYhCody9FQNQcgdaR5+RwE6XNSWkqH+TccOchLb19WigBqT+yt9R
CjmJeAExbgf7oE4Bi0kHWKcXjGgVGUh0obFFdq6tw+3WfSDWa8lL9PMbt/IYjxZd
W6cDRBSJsytonsNNbTS2afnBdabsT1P9K8zY2AuozTSwypByRfew5HRADP15qylv
9Te/E7leLa+N0/hsP89ml8j1pivPi70vOzSdBrS0pQKBgQDw5zvTDqT3vv0I4WWi
BeYGnWo1NpEUGSO8tROWUgLIuZoft4GVylAbUP4zSocraFnncqDaYuxhCKoUrX/q
4Mj0GthDy267RwX8r/ORwsEMwN1aSjYpBLGk16MZBY+7g4nYiPsBsHTGREWFLIth
bym8mYyt3exGuMw4NcmHHodFowKBgQDhfdQEJDNnD/4L9eUKwt6//q8PrbaI9YmF
nU2nk+S8Qb/HMP9QRy2/8qZJlvwDfqYm33d3Zdf4rNO2fjgixooO2xKBejdWbvOo
Rr7vrifyqIKjGLJ4kch7DzwrXQXwR/eUtSUAO5AONHiY+L1NviB1WRgyz73QjIt6
4+kwuQYS3QKBgFGdVWREstkISHuIuUDyFKMrE39htDcF6ViWVEN6F11fm/qg1fMk
bo1CnExONIsdOFA0QpCaMRESuWR1/z9Y1lv0+E3HjwU9o6afCbrZK0Qh1xwuxjiR
UYnSUHw6qR5TCxFkHv3MhVNib9cVZ0ckPRSbRNDmvZScKPvmJRd03UlXAoGAMECE
xf4ZIczCSDzuLkdU8zDEtU4u6U/hhb4Lh/iV0dMf/rf1anBQ0epSuxycAQNw+pCH
N/2LIaOaCksoKAjkMhme9CX7AXvsl+3Lne5ejgaRLeVzC2nmxK6V6ZGWW7yKtj+t
E0ero96Gj/VqTOCKgZH3I6hgreflUP7EP7DYI+ECgYEA5aisEg8zZS8sQXxAPa9N
tWcYhpTc6aMsueSSOXiM7J2iAm+2W6FMCQ609z3vxwZczp4OCBIYcLgezB33LV9l
OvD3wbGcVIfKjh59JUwznIjzRLRzWd6jePDL17rIimVyNhz/xkWw3ML7tfC6lFBl
t5oIQLiPcDDMGyapD+a2Gj4=
-----END PRIVATE KEY-----`

const publicKey = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1DGkABklvy9bLpyd8qA5
LAnq79Lb5fyvE41Blsv5MYxHkkriTgWYCv6e+KBmDrKpsoRSUYeRs/LOwVzut0dl
D08aBCS9GnIE7NaqcimrAt2nGDfYx4sqLZ0ziYi7eX210rqhmvpuDIrgzs5yxz43
L1YpdRLO/HmIA8DnL0Kdhl4eLwnV1AUa3ctqYHEa1ippKojKuiJQkvIxQ7OjMUKp
e4pIf2luP/BWpL2m4V9zfT4f8jPqZPfLdG7BHxbghCIrlzP7FsTAY30xeJsF0IEu
jGcuyZD8JHv3DZSTA13E/ufcXjZo9+qpOAuNcbs+0TC1fPJ5w+pKVOfyHFvZSn6T
twIDAQAB
-----END PUBLIC KEY-----`

const secret = 'laf-jwt-secret'

function failure(fn) {
  try {
    fn()
    return { thrown: false }
  } catch (err) {
    return { thrown: true, name: err.name, message: err.message }
  }
}

exports.main = async function (ctx) {
  const payload = { uid: 'u-42', role: 'admin', iat: 1700000000 }
  const hs = jwt.sign(payload, secret)
  const hsNoTime = jwt.sign({ uid: 'u-7' }, secret, { noTimestamp: true, issuer: 'laf', subject: 's1' })
  const rs = jwt.sign(payload, privateKey, { algorithm: 'RS256', keyid: 'key-1' })
  const expired = jwt.sign({ uid: 'u-1', iat: 1600000000, exp: 1600003600 }, secret)

  const complete = jwt.decode(hs, { complete: true })
  const rsComplete = jwt.decode(rs, { complete: true })

  let expiredErr
  try {
    jwt.verify(expired, secret)
    expiredErr = { thrown: false }
  } catch (err) {
    expiredErr = { thrown: true, name: err.name, message: err.message, expiredAt: err.expiredAt.toISOString() }
  }

  // The callback form, wrapped in a promise, as users write it.
  const viaCallback = await new Promise((resolve, reject) =>
    jwt.verify(hs, secret, { algorithms: ['HS256'] }, (err, decoded) => (err ? reject(err) : resolve(decoded))),
  )
  const withExpiry = jwt.decode(jwt.sign({ uid: 'u-9' }, secret, { expiresIn: '1h' }))

  return {
    hs256: hs,
    hs256NoTimestamp: hsNoTime,
    rs256: rs,
    verifyHs: jwt.verify(hs, secret),
    verifyHsNoTimestamp: jwt.verify(hsNoTime, secret, { issuer: 'laf' }),
    verifyRs: jwt.verify(rs, publicKey, { algorithms: ['RS256'] }),
    decodeComplete: { header: complete.header, payload: complete.payload, signature: complete.signature },
    rsHeader: rsComplete.header,
    wrongSecret: failure(() => jwt.verify(hs, 'not-the-secret')),
    wrongAlgorithm: failure(() => jwt.verify(rs, publicKey, { algorithms: ['HS256'] })),
    wrongIssuer: failure(() => jwt.verify(hsNoTime, secret, { issuer: 'other' })),
    malformed: failure(() => jwt.verify('not.a.token', secret)),
    expired: expiredErr,
    ignoreExpiration: jwt.verify(expired, secret, { ignoreExpiration: true }),
    viaCallback,
    expiresIn: withExpiry.exp - withExpiry.iat,
  }
}
