// Keys, signatures and ciphertexts below were made once by Node 20 (generateKeyPairSync, sign, publicEncrypt).
const RSA_PRIVATE_PKCS1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIEogIBAAKCAQEAs37WMNkRqbMdXaR3OGanRsn0J9F1fDgXt/T5zQv10yB5LqY2\nTJ7mgEskde9NAmMh2AAY0gtNsvGI0sLmeK4Ub3s1dsmnmzb8bl8TNtNxxdtejiQ6\nRSiWrU4g7E0q77NnqWUMSvnjDIwika155kDGSO1PtGzeIcF5jPCw0IU6Ybn1s6H3\nfcyeiRAg0Eb2HdLnhxcLIe6t51f3DlpQfYP5IenQ6f9FuYfgu70RwvnI7tvaqnp4\n1inQomQ6RuYSbz5BuqdulWWuoT53rOhPxeAfttuO5QOt67SJ/s3RuU3MlDgLx622\nM1VvWSvjkTs2Z0hzVdpVKby6mvCbFxPoAhGX3wIDAQABAoIBAAwSSiZj2te+V4m+\nL1RoNvTATT7GS+/sN9Aj1g7vsHsf8nZsMDer8hWLuCqESvoPn62OqBysLPANZWXD\nPMu97Vrn/tr7yd1a79QeacTkqICldbD6h76x8Zw7JmSt9ebD+oM+a/q43oev/v0s\nHQgasBskdplMPw4nHF0ZrNKBO0FqKt/eJs8FnyDCgUs/70Ftqr+595c7jXSVrJ8w\nt5lD1KCkwKZY2pJ+jYCXjh+5QfPARLY3MkEC7m+Fh3pIQ2fGUdc2aRn8BOCBlafb\nhZMjNN0oC8uJwhUris+t10f/Wfe41rAsLomlopG48KYRH/WkR7Cfp15ok8d0tOZ3\nN5fCyrkCgYEA2+1xtbn/2wqJOiY1kQjcsAn3WM9H/YZv9PIb/DopX2/0nv9guCOt\ndyP0c3h3ENhkODjx542vIkeLSpPhQpbZ6Zv6cT+KN5wg7ZbvGVz1VG0brcEasyH/\nHuBMinuFJOSVH/reVrEpDNOeQoCsRSZyPn4WkaoBWa89jseiBrrJ4dkCgYEA0O+v\n6aSkeXl+vL4mvW8Nf2bHRq8NdKHktu4TtWhbVSivn6/tLD9U4VnsELofpg1zoQV5\nyYY14pL1G0W41CQl3pRlH3cS2tzlMI32V2RBE3bE2S2T6Qw8Os95d+yTilIp0tpS\nZUw0VGMFwHyxU21BlRAG6GguuFzJl7L2gjoo/HcCgYA6oPcCSh5yB0ID9XGsQ1+J\nsm51B3Uamf84nl5lhB/JaHAe/teK3z/8FeKx8bhUDkvRTST35KZ+jfINJJUVil93\nTnSaQiUXpBCHJgiBi21/X0LUtDjo7jQzx/m/pSQebK1whBFHrRzTZYq4EdNa79/e\n1wAvPtHzVaskaAXCo4L0KQKBgEU/e6VLbTvZmbjCqSJV4TpdfSSfNi12ztAWXi/c\n05CI+JRLgacNontCC2yL05t8j9tJblDti4R5woT0ecrN5EM+GbnxBC3H0qpiEshq\nMOtbjOiSI5i09m1jgFXP8iKBEt2QgIiUVi+11h0y9q644mieNDvo87sk/aeqp+sH\njbgHAoGAC8CVyHGLhBzRo6xQh1iQR8AEhzDNFKdK2rsaRBXoC2wNNLrg8q+jdD+l\nTZgLij/GhD7Dda/zsNK123jx8hsUdM6rYHqp8FplsxgoMdAwexmCB3iCb7r37zmh\n/Tc3SFberf8yuvLvErXCqKNDuE8JdQqSQpQjjGd2SjJjerV0mLU=\n-----END RSA PRIVATE KEY-----\n";
const RSA_PUBLIC = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAs37WMNkRqbMdXaR3OGan\nRsn0J9F1fDgXt/T5zQv10yB5LqY2TJ7mgEskde9NAmMh2AAY0gtNsvGI0sLmeK4U\nb3s1dsmnmzb8bl8TNtNxxdtejiQ6RSiWrU4g7E0q77NnqWUMSvnjDIwika155kDG\nSO1PtGzeIcF5jPCw0IU6Ybn1s6H3fcyeiRAg0Eb2HdLnhxcLIe6t51f3DlpQfYP5\nIenQ6f9FuYfgu70RwvnI7tvaqnp41inQomQ6RuYSbz5BuqdulWWuoT53rOhPxeAf\nttuO5QOt67SJ/s3RuU3MlDgLx622M1VvWSvjkTs2Z0hzVdpVKby6mvCbFxPoAhGX\n3wIDAQAB\n-----END PUBLIC KEY-----\n";
const EC_PRIVATE_SEC1 = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA1QQ3ROA4WccCL1fvYhjf5vfel0HLrX6zktLiAuUd8moAoGCCqGSM49\nAwEHoUQDQgAEHPB/Huy17WvFp7RkcWHWCVHAuRLN3uRfFo91P8XiEEyU0EYeRJDt\nsqMop6Mu2GJjNByVGZ81aixPYpklaY9iQQ==\n-----END EC PRIVATE KEY-----\n";
const EC_PUBLIC = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEHPB/Huy17WvFp7RkcWHWCVHAuRLN\n3uRfFo91P8XiEEyU0EYeRJDtsqMop6Mu2GJjNByVGZ81aixPYpklaY9iQQ==\n-----END PUBLIC KEY-----\n";
const MESSAGE = "order=42&amount=100";
const EC_SIGNATURE = "MEUCIHoaZO22k37p60Up3A8lm19mUXkli4nqbHm24ENQV2/DAiEApNJSt/1nJYdc8TT2/tsU8BLtjG2LbYzE8fVjAzVxXfc=";
const PSS_SIGNATURE = "jewSwk+Ow3JmQ6PXSOnRTsaX+lV+KKLiENcQxK5zZjZ4FZLRtAlJWjKmmotrU3KYxGbLFkV8xgBydAj+31LWbpbkZTE0qAsNAyVqIQqNPf76VtdCSebRjvSh0iZcT36QXclue4J1fVz49AxrnHuUTDBifkTM59NTgjdchnMxzmqpLElSWkuyA7YCSGeEW8SYKSecj/tHPb7oxKF4ahVztU1Wkg+aunPjAH7VN0ZcExhMH04A+tq/Q6A/I+McKzooY0+VFaZRGSlCcblr6HX7+HKEmCzuvTPYndo+XpWc9HAa/f5lq0A/w1hDha4M4btxpwb8rpy2oQKVnFs7Dexr9A==";
const OAEP_CIPHERTEXT = "Y20/F/KD0QH3uQw/6FDmbNGnw5SIIIVpxN7Jfhag/iYXHiaqhrJi3OK26pkRMKA0af2VEUBvZsCCWQCly7XUFRwcSX9d9iqeaQFe7w2tnF8hk9w/iuiUUF7MwkgAaCu8R/S+8qanDX7mzKe7W2ckieCsX+4H6kNq1jOQRZ6HDp/A+yCgsmtzcp5sjyeAxZbM28y5Oc59FqAUbnqIeflAyhVnxsR8NEvuukUHAwntcK/tKgAGsRw1afGF5cFrvvvkf6v5PuI1aXYmJRIOQmCMoINHBGvix4nqa2NEEUhTc7EBN0h/NteixDdmZeHJ122sLqddmUNnrbP+WbSRJasKEg==";
const OAEP256_CIPHERTEXT = "JYqpLXVjiIHdta3mUfowxOFH4ZrzU5nYedRRPvOvv51qth+ZaMehvNdKQug9xPm9w8HguQO18w+5udsB4Vsc/iaEJHanuOdvIEHwDSF8pZUz46zobeuA4oaCpUWxNBRkeBniCEhHCr4jwWvWSzp5TbYbUFw8y7sCUTzuyYZMqsn1AM9Ins9zs0djP2YlQBfcajp3SobYm2awd4eiT9pOViLUKhgbajbgk7KfsiGH0V2wI/wqtVEC7gLFHCTXxnlt3VArfSDKjdLsPuZJdK6+SdO1wnZtmnpR5SareXXcMDKQODZE1vRnmhq41dNg8hlv2OD7L6SRdhBghJmHOS9gDg==";

import crypto, { createSign, createVerify, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

export default async function () {
  const priv = createPrivateKey(RSA_PRIVATE_PKCS1);
  const pub = createPublicKey(RSA_PUBLIC);
  const data = Buffer.from(MESSAGE);
  // PKCS#1 v1.5 is deterministic: the same signature as Node's, so Node verifies ours.
  const pkcs1 = createSign('RSA-SHA256').update(MESSAGE).sign(RSA_PRIVATE_PKCS1, 'base64');
  const pkcs1Sha1 = crypto.sign('sha1', data, priv).toString('hex');
  const pss = crypto.sign('sha256', data, { key: priv, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  const ecPriv = createPrivateKey(EC_PRIVATE_SEC1);
  const ecSig = crypto.sign('sha256', data, ecPriv);
  const ecP1363 = crypto.sign('sha256', data, { key: ecPriv, dsaEncoding: 'ieee-p1363' });
  const genRsa = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const genEc = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const sealed = crypto.publicEncrypt(RSA_PUBLIC, Buffer.from('round trip'));
  let wrongKey;
  try { createPrivateKey(RSA_PUBLIC); } catch (e) { wrongKey = typeof e.message; }
  return {
    pkcs1,
    pkcs1Sha1,
    verifyOwn: createVerify('sha256').update(MESSAGE).verify(RSA_PUBLIC, pkcs1, 'base64'),
    verifyTampered: crypto.verify('sha256', Buffer.from(MESSAGE + '0'), pub, Buffer.from(pkcs1, 'base64')),
    pssNode: crypto.verify('sha256', data, { key: pub, padding: crypto.constants.RSA_PKCS1_PSS_PADDING }, Buffer.from(PSS_SIGNATURE, 'base64')),
    pssOwn: crypto.verify('sha256', data, { key: RSA_PUBLIC, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, pss),
    ecNode: crypto.verify('sha256', data, EC_PUBLIC, Buffer.from(EC_SIGNATURE, 'base64')),
    ecOwn: crypto.verify('sha256', data, createPublicKey(ecPriv), ecSig),
    ecP1363Len: ecP1363.length,
    ecP1363Own: crypto.verify('sha256', data, { key: EC_PUBLIC, dsaEncoding: 'ieee-p1363' }, ecP1363),
    oaepNode: crypto.privateDecrypt(priv, Buffer.from(OAEP_CIPHERTEXT, 'base64')).toString(),
    oaep256Node: crypto.privateDecrypt({ key: RSA_PRIVATE_PKCS1, oaepHash: 'sha256' }, Buffer.from(OAEP256_CIPHERTEXT, 'base64')).toString(),
    oaepOwn: crypto.privateDecrypt(priv, sealed).toString(),
    pkcs8Pem: priv.export({ type: 'pkcs8', format: 'pem' }),
    pkcs1Back: priv.export({ type: 'pkcs1', format: 'pem' }) === RSA_PRIVATE_PKCS1,
    spkiFromPrivate: createPublicKey(priv).export({ type: 'spki', format: 'pem' }) === RSA_PUBLIC,
    pubPkcs1: pub.export({ type: 'pkcs1', format: 'pem' }),
    ecSpki: createPublicKey(EC_PRIVATE_SEC1).export({ type: 'spki', format: 'pem' }) === EC_PUBLIC,
    ecSec1Back: ecPriv.export({ type: 'sec1', format: 'pem' }) === EC_PRIVATE_SEC1,
    details: { type: priv.asymmetricKeyType, bits: priv.asymmetricKeyDetails.modulusLength, exp: String(pub.asymmetricKeyDetails.publicExponent), ec: ecPriv.asymmetricKeyType, pubType: pub.type },
    genRsa: [genRsa.publicKey.startsWith('-----BEGIN PUBLIC KEY-----'), genRsa.privateKey.startsWith('-----BEGIN PRIVATE KEY-----'), crypto.verify('sha256', data, genRsa.publicKey, crypto.sign('sha256', data, genRsa.privateKey))],
    genEc: [genEc.privateKey.asymmetricKeyType, crypto.verify(null, data, genEc.publicKey, crypto.sign(null, data, genEc.privateKey))],
    equals: [createPublicKey(priv).equals(pub), pub.equals(createPublicKey(EC_PUBLIC))],
    wrongKey,
  };
}
