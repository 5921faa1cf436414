//! Public-key natives of `node:crypto` (see `keys.js`'s callers in `crypto.js`): RSA (PKCS#1 v1.5
//! and PSS signatures, OAEP and PKCS#1 v1.5 encryption) on `rsa`, ECDSA P-256 on `p256`.
//!
//! Keys cross into JavaScript in one normal form each: private keys as PKCS#8 DER, public keys as
//! SPKI DER; every import and export goes through it.

use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rquickjs::function::Opt;
use rquickjs::{Ctx, Exception, Function, Object, TypedArray, Value};
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey, EncodeRsaPublicKey};
use rsa::rand_core::OsRng;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, Pkcs1v15Encrypt, Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};

use super::crypto::digest;

type R<T> = rquickjs::Result<T>;

fn bytes(a: &TypedArray<'_, u8>) -> Vec<u8> {
    // SAFETY: copied out before any JavaScript runs.
    unsafe { a.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default()
}

/// A parsed key: what the JavaScript KeyObject keeps.
struct Parsed {
    private: bool,
    alg: &'static str,
    der: Vec<u8>,
}

// Decodes a PEM or DER key of any usual layout (PKCS#8, PKCS#1, SEC1, SPKI).
fn parse(input: &[u8], want_private: bool) -> Result<Parsed, String> {
    let text = std::str::from_utf8(input).ok().filter(|t| t.contains("-----BEGIN"));
    let private = |alg, der: Vec<u8>| Ok(Parsed { private: true, alg, der });
    let public = |alg, der: Vec<u8>| Ok(Parsed { private: false, alg, der });
    let rsa_pkcs8 = |k: RsaPrivateKey| k.to_pkcs8_der().map(|d| d.as_bytes().to_vec()).map_err(|e| e.to_string());
    let rsa_spki = |k: RsaPublicKey| k.to_public_key_der().map(|d| d.as_bytes().to_vec()).map_err(|e| e.to_string());
    let ec_pkcs8 = |k: p256::SecretKey| k.to_pkcs8_der().map(|d| d.as_bytes().to_vec()).map_err(|e| e.to_string());
    let ec_spki = |k: p256::PublicKey| k.to_public_key_der().map(|d| d.as_bytes().to_vec()).map_err(|e| e.to_string());
    if let Some(text) = text {
        let text = text.trim();
        if text.contains("ENCRYPTED") {
            return Err("encrypted private keys (a passphrase) are not supported by lang-js yet".into());
        }
        if let Ok(k) = RsaPrivateKey::from_pkcs8_pem(text).or_else(|_| RsaPrivateKey::from_pkcs1_pem(text)) {
            return private("rsa", rsa_pkcs8(k)?);
        }
        if let Ok(k) = p256::SecretKey::from_pkcs8_pem(text).or_else(|_| p256::SecretKey::from_sec1_pem(text)) {
            return private("ec", ec_pkcs8(k)?);
        }
        if want_private {
            return Err("error:1E08010C:DECODER routines::unsupported".into());
        }
        if let Ok(k) = RsaPublicKey::from_public_key_pem(text).or_else(|_| RsaPublicKey::from_pkcs1_pem(text)) {
            return public("rsa", rsa_spki(k)?);
        }
        if let Ok(k) = p256::PublicKey::from_public_key_pem(text) {
            return public("ec", ec_spki(k)?);
        }
        // A certificate's key is what payment SDKs hand over for verification.
        if text.contains("BEGIN CERTIFICATE") {
            return Err("X.509 certificates are not supported by lang-js yet: pass the public key".into());
        }
        return Err("error:1E08010C:DECODER routines::unsupported".into());
    }
    if let Ok(k) = RsaPrivateKey::from_pkcs8_der(input).or_else(|_| RsaPrivateKey::from_pkcs1_der(input)) {
        return private("rsa", rsa_pkcs8(k)?);
    }
    if let Ok(k) = p256::SecretKey::from_pkcs8_der(input).or_else(|_| p256::SecretKey::from_sec1_der(input)) {
        return private("ec", ec_pkcs8(k)?);
    }
    if !want_private {
        if let Ok(k) = RsaPublicKey::from_public_key_der(input).or_else(|_| RsaPublicKey::from_pkcs1_der(input)) {
            return public("rsa", rsa_spki(k)?);
        }
        if let Ok(k) = p256::PublicKey::from_public_key_der(input) {
            return public("ec", ec_spki(k)?);
        }
    }
    Err("error:1E08010C:DECODER routines::unsupported".into())
}

// The SPKI of a private key's public half.
fn public_of(alg: &str, pkcs8: &[u8]) -> Result<Vec<u8>, String> {
    let der = match alg {
        "rsa" => RsaPrivateKey::from_pkcs8_der(pkcs8).map_err(|e| e.to_string())?.to_public_key().to_public_key_der(),
        _ => p256::SecretKey::from_pkcs8_der(pkcs8).map_err(|e| e.to_string())?.public_key().to_public_key_der(),
    };
    der.map(|d| d.as_bytes().to_vec()).map_err(|e| e.to_string())
}

enum Exported {
    Text(String),
    Bytes(Vec<u8>),
}

// `key.export({ type, format })`.
fn export(alg: &str, private: bool, der: &[u8], kind: &str, pem: bool) -> Result<Exported, String> {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    let out = match (alg, private, kind) {
        ("rsa", true, "pkcs1") => {
            let k = RsaPrivateKey::from_pkcs8_der(der).map_err(|x| e(&x))?;
            if pem {
                Exported::Text(k.to_pkcs1_pem(LineEnding::LF).map_err(|x| e(&x))?.to_string())
            } else {
                Exported::Bytes(k.to_pkcs1_der().map_err(|x| e(&x))?.as_bytes().to_vec())
            }
        }
        ("rsa", false, "pkcs1") => {
            let k = RsaPublicKey::from_public_key_der(der).map_err(|x| e(&x))?;
            if pem {
                Exported::Text(k.to_pkcs1_pem(LineEnding::LF).map_err(|x| e(&x))?)
            } else {
                Exported::Bytes(k.to_pkcs1_der().map_err(|x| e(&x))?.as_bytes().to_vec())
            }
        }
        ("ec", true, "sec1") => {
            let k = p256::SecretKey::from_pkcs8_der(der).map_err(|x| e(&x))?;
            let sec1 = sec1_der(&k).map_err(|x| e(&x))?;
            if pem { Exported::Text(pem_of("EC PRIVATE KEY", &sec1)) } else { Exported::Bytes(sec1) }
        }
        (_, true, "pkcs8") if pem => Exported::Text(pem_of("PRIVATE KEY", der)),
        (_, true, "pkcs8") => Exported::Bytes(der.to_vec()),
        (_, false, "spki") if pem => Exported::Text(pem_of("PUBLIC KEY", der)),
        (_, false, "spki") => Exported::Bytes(der.to_vec()),
        _ => return Err(format!("cannot export a {} {alg} key as {kind}", if private { "private" } else { "public" })),
    };
    Ok(out)
}

// SEC1 with the curve named, as OpenSSL writes it (p256's own encoding leaves the curve out).
fn sec1_der(k: &p256::SecretKey) -> sec1::der::Result<Vec<u8>> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    use sec1::der::Encode;
    let private = k.to_bytes();
    let public = k.public_key().to_encoded_point(false);
    let prime256v1 = sec1::der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
    sec1::EcPrivateKey {
        private_key: &private,
        parameters: Some(sec1::EcParameters::NamedCurve(prime256v1)),
        public_key: Some(public.as_bytes()),
    }
    .to_der()
}

fn pem_of(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

macro_rules! by_hash {
    ($hash:expr, $make:ident) => {
        match $hash {
            "md5" => Ok($make!(md5::Md5)),
            "sha1" => Ok($make!(sha1::Sha1)),
            "sha224" => Ok($make!(sha2::Sha224)),
            "sha256" => Ok($make!(sha2::Sha256)),
            "sha384" => Ok($make!(sha2::Sha384)),
            "sha512" => Ok($make!(sha2::Sha512)),
            other => Err(format!("Invalid digest: {other}")),
        }
    };
}

/// How a signature is made or checked (Node's `padding`, `saltLength`, `dsaEncoding`).
struct SignOptions {
    hash: String,
    pss: bool,
    // Node's -1 (digest length), -2 (max when signing, auto when verifying), or a length.
    salt: i64,
    p1363: bool,
}

fn rsa_salt(salt: i64, key_bytes: usize, hash_len: usize) -> usize {
    match salt {
        -1 => hash_len,
        s if s < 0 => key_bytes.saturating_sub(hash_len + 2),
        s => s as usize,
    }
}

fn sign(alg: &str, pkcs8: &[u8], data: &[u8], o: &SignOptions) -> Result<Vec<u8>, String> {
    let hashed = digest(&o.hash, data).ok_or_else(|| format!("Invalid digest: {}", o.hash))?;
    match alg {
        "rsa" => {
            let k = RsaPrivateKey::from_pkcs8_der(pkcs8).map_err(|e| e.to_string())?;
            if o.pss {
                let salt = rsa_salt(o.salt, k.size(), hashed.len());
                macro_rules! pss {
                    ($d:ty) => {
                        Pss::new_with_salt::<$d>(salt)
                    };
                }
                let scheme = by_hash!(o.hash.as_str(), pss)?;
                k.sign_with_rng(&mut OsRng, scheme, &hashed).map_err(|e| e.to_string())
            } else {
                macro_rules! pkcs1 {
                    ($d:ty) => {
                        Pkcs1v15Sign::new::<$d>()
                    };
                }
                let scheme = by_hash!(o.hash.as_str(), pkcs1)?;
                k.sign(scheme, &hashed).map_err(|e| e.to_string())
            }
        }
        _ => {
            let k = p256::SecretKey::from_pkcs8_der(pkcs8).map_err(|e| e.to_string())?;
            let signer = p256::ecdsa::SigningKey::from(k);
            let sig: p256::ecdsa::Signature = signer.sign_prehash(&hashed).map_err(|e| e.to_string())?;
            Ok(if o.p1363 { sig.to_bytes().to_vec() } else { sig.to_der().as_bytes().to_vec() })
        }
    }
}

fn verify(alg: &str, spki: &[u8], data: &[u8], sig: &[u8], o: &SignOptions) -> Result<bool, String> {
    let hashed = digest(&o.hash, data).ok_or_else(|| format!("Invalid digest: {}", o.hash))?;
    match alg {
        "rsa" => {
            let k = RsaPublicKey::from_public_key_der(spki).map_err(|e| e.to_string())?;
            if o.pss {
                // Auto (Node's default when verifying): the digest's length, then the largest.
                let salts: Vec<usize> = if o.salt == -2 {
                    vec![hashed.len(), rsa_salt(-2, k.size(), hashed.len())]
                } else {
                    vec![rsa_salt(o.salt, k.size(), hashed.len())]
                };
                for salt in salts {
                    macro_rules! pss {
                        ($d:ty) => {
                            Pss::new_with_salt::<$d>(salt)
                        };
                    }
                    if k.verify(by_hash!(o.hash.as_str(), pss)?, &hashed, sig).is_ok() {
                        return Ok(true);
                    }
                }
                Ok(false)
            } else {
                macro_rules! pkcs1 {
                    ($d:ty) => {
                        Pkcs1v15Sign::new::<$d>()
                    };
                }
                Ok(k.verify(by_hash!(o.hash.as_str(), pkcs1)?, &hashed, sig).is_ok())
            }
        }
        _ => {
            let k = p256::PublicKey::from_public_key_der(spki).map_err(|e| e.to_string())?;
            let verifier = p256::ecdsa::VerifyingKey::from(k);
            let parsed =
                if o.p1363 { p256::ecdsa::Signature::from_slice(sig) } else { p256::ecdsa::Signature::from_der(sig) };
            Ok(parsed.is_ok_and(|s| verifier.verify_prehash(&hashed, &s).is_ok()))
        }
    }
}

// publicEncrypt / privateDecrypt: OAEP (Node's default, SHA-1 unless `oaepHash`) or PKCS#1 v1.5.
fn rsa_crypt(der: &[u8], data: &[u8], decrypt: bool, oaep: bool, hash: &str) -> Result<Vec<u8>, String> {
    macro_rules! oaep {
        ($d:ty) => {
            Oaep::new::<$d>()
        };
    }
    if decrypt {
        let k = RsaPrivateKey::from_pkcs8_der(der).map_err(|e| e.to_string())?;
        let r = if oaep { k.decrypt(by_hash!(hash, oaep)?, data) } else { k.decrypt(Pkcs1v15Encrypt, data) };
        r.map_err(|_| "error:02000079:rsa routines::oaep decoding error".into())
    } else {
        let k = RsaPublicKey::from_public_key_der(der).map_err(|e| e.to_string())?;
        let r = if oaep {
            k.encrypt(&mut OsRng, by_hash!(hash, oaep)?, data)
        } else {
            k.encrypt(&mut OsRng, Pkcs1v15Encrypt, data)
        };
        r.map_err(|e| e.to_string())
    }
}

// generateKeyPair: (PKCS#8, SPKI).
fn generate(alg: &str, bits: usize, exponent: u64) -> Result<(Vec<u8>, Vec<u8>), String> {
    let pkcs8 = match alg {
        "rsa" => {
            if !(512..=16384).contains(&bits) {
                return Err(format!("modulusLength {bits} is out of range (512 to 16384)"));
            }
            let k = RsaPrivateKey::new_with_exp(&mut OsRng, bits, &rsa::BigUint::from(exponent))
                .map_err(|e| e.to_string())?;
            k.to_pkcs8_der().map_err(|e| e.to_string())?.as_bytes().to_vec()
        }
        _ => p256::SecretKey::random(&mut OsRng).to_pkcs8_der().map_err(|e| e.to_string())?.as_bytes().to_vec(),
    };
    let spki = public_of(alg, &pkcs8)?;
    Ok((pkcs8, spki))
}

// Facts of a key for `asymmetricKeyDetails`: RSA (modulus bits, public exponent), EC (curve).
fn details(alg: &str, private: bool, der: &[u8]) -> Result<(f64, f64), String> {
    if alg != "rsa" {
        return Ok((0.0, 0.0));
    }
    let k = if private {
        RsaPrivateKey::from_pkcs8_der(der).map_err(|e| e.to_string())?.to_public_key()
    } else {
        RsaPublicKey::from_public_key_der(der).map_err(|e| e.to_string())?
    };
    let e = k.e().to_bytes_be().iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    Ok(((k.n().bits()) as f64, e as f64))
}

fn throw<T>(cx: &Ctx<'_>, message: String) -> R<T> {
    Err(Exception::throw_message(cx, &message))
}

fn options(o: &Object<'_>) -> R<SignOptions> {
    Ok(SignOptions {
        hash: o.get::<_, Option<String>>("hash")?.unwrap_or_else(|| "sha256".into()),
        pss: o.get::<_, Option<bool>>("pss")?.unwrap_or(false),
        salt: o.get::<_, Option<f64>>("salt")?.map_or(-2, |s| s as i64),
        p1363: o.get::<_, Option<bool>>("p1363")?.unwrap_or(false),
    })
}

/// Adds the public-key natives to `crypto.js`'s `native` object.
pub(crate) fn install<'js>(cx: &Ctx<'js>, n: &Object<'js>) -> R<()> {
    n.set(
        // [private, alg, der, modulusLength, publicExponent]
        "keyParse",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>, input: TypedArray<'js, u8>, want_private: bool| -> R<Vec<Value<'js>>> {
                let p = match parse(&bytes(&input), want_private) {
                    Ok(p) => p,
                    Err(e) => return throw(&cx, e),
                };
                let (bits, exp) = details(p.alg, p.private, &p.der).unwrap_or((0.0, 0.0));
                use rquickjs::IntoJs;
                Ok(vec![
                    p.private.into_js(&cx)?,
                    p.alg.into_js(&cx)?,
                    TypedArray::<u8>::new(cx.clone(), p.der)?.into_value(),
                    bits.into_js(&cx)?,
                    exp.into_js(&cx)?,
                ])
            },
        )?,
    )?;
    n.set(
        "keyPublic",
        Function::new(cx.clone(), |cx: Ctx<'js>, alg: String, der: TypedArray<'js, u8>| {
            match public_of(&alg, &bytes(&der)) {
                Ok(d) => TypedArray::<u8>::new(cx, d),
                Err(e) => throw(&cx, e),
            }
        })?,
    )?;
    n.set(
        "keyExport",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>,
             alg: String,
             private: bool,
             der: TypedArray<'js, u8>,
             kind: String,
             pem: bool|
             -> R<Value<'js>> {
                use rquickjs::IntoJs;
                match export(&alg, private, &bytes(&der), &kind, pem) {
                    Ok(Exported::Text(t)) => t.into_js(&cx),
                    Ok(Exported::Bytes(b)) => Ok(TypedArray::<u8>::new(cx, b)?.into_value()),
                    Err(e) => throw(&cx, e),
                }
            },
        )?,
    )?;
    n.set(
        "sign",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>, alg: String, der: TypedArray<'js, u8>, data: TypedArray<'js, u8>, o: Object<'js>| match sign(
                &alg,
                &bytes(&der),
                &bytes(&data),
                &options(&o)?,
            ) {
                Ok(s) => TypedArray::<u8>::new(cx, s),
                Err(e) => throw(&cx, e),
            },
        )?,
    )?;
    n.set(
        "verify",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>,
             alg: String,
             der: TypedArray<'js, u8>,
             data: TypedArray<'js, u8>,
             sig: TypedArray<'js, u8>,
             o: Object<'js>| {
                match verify(&alg, &bytes(&der), &bytes(&data), &bytes(&sig), &options(&o)?) {
                    Ok(ok) => Ok(ok),
                    Err(e) => throw(&cx, e),
                }
            },
        )?,
    )?;
    n.set(
        "rsaCrypt",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>,
             der: TypedArray<'js, u8>,
             data: TypedArray<'js, u8>,
             decrypt: bool,
             oaep: bool,
             hash: Opt<String>| {
                let hash = hash.0.unwrap_or_else(|| "sha1".into());
                match rsa_crypt(&bytes(&der), &bytes(&data), decrypt, oaep, &hash) {
                    Ok(out) => TypedArray::<u8>::new(cx, out),
                    Err(e) => throw(&cx, e),
                }
            },
        )?,
    )?;
    n.set(
        "generate",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>, alg: String, bits: usize, exponent: Opt<f64>| -> R<Vec<TypedArray<'js, u8>>> {
                match generate(&alg, bits, exponent.0.map_or(65537, |e| e as u64)) {
                    Ok((private, public)) => {
                        Ok(vec![TypedArray::new(cx.clone(), private)?, TypedArray::new(cx, public)?])
                    }
                    Err(e) => throw(&cx, e),
                }
            },
        )?,
    )?;
    Ok(())
}
