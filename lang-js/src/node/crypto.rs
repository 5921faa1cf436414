//! The natives of `node:crypto` (see `crypto.js`): RustCrypto primitives, never hand-written ones.
//!
//! Inputs come as whole byte arrays (the JavaScript side gathers `update` chunks), outputs go back as
//! `Uint8Array`s. Errors are thrown as `Error`s whose message the JavaScript side passes on.

use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyInit, KeyIvInit, StreamCipher};
use aes_gcm::aead::AeadInPlace;
use aes_gcm::aead::generic_array::GenericArray;
use cbc::cipher::block_padding::{NoPadding, Pkcs7};
use hmac::{Hmac, Mac};
use rquickjs::function::Opt;
use rquickjs::{Ctx, Exception, Function, Object, TypedArray, Value};
use sha2::Digest;

type R<T> = rquickjs::Result<T>;

fn bytes<'js>(a: &TypedArray<'js, u8>) -> Vec<u8> {
    // SAFETY: copied out before any JavaScript runs.
    unsafe { a.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default()
}

// `update` chunks: byte arrays, or (the common case, saving a Buffer per call) well-formed strings,
// which are their UTF-8.
fn joined<'js>(cx: &Ctx<'js>, chunks: &[Value<'js>]) -> R<Vec<u8>> {
    let mut out = Vec::new();
    for c in chunks {
        if let Some(s) = c.as_string() {
            out.extend_from_slice(s.to_string()?.as_bytes());
        } else if let Ok(a) = TypedArray::<u8>::from_value(c.clone()) {
            // SAFETY: as in `bytes`.
            out.extend_from_slice(unsafe { a.as_bytes() }.unwrap_or_default());
        } else {
            return Err(Exception::throw_type(cx, "a hash takes strings and byte arrays"));
        }
    }
    Ok(out)
}

/// Bytes as text in `encoding` (hex, base64, base64url, latin1/binary), for the encodings the
/// native side writes itself; `None` for the others (JavaScript makes a Buffer).
pub(crate) fn encode(bytes: &[u8], encoding: &str) -> Option<String> {
    use base64::Engine;
    Some(match encoding {
        "hex" => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let mut s = String::with_capacity(bytes.len() * 2);
            for b in bytes {
                s.push(HEX[(b >> 4) as usize] as char);
                s.push(HEX[(b & 15) as usize] as char);
            }
            s
        }
        "base64" => base64::engine::general_purpose::STANDARD.encode(bytes),
        "base64url" => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
        "latin1" | "binary" => bytes.iter().map(|b| *b as char).collect(),
        _ => return None,
    })
}

// An optional string argument (`undefined` and absent are none).
fn text(v: Opt<Value<'_>>) -> Option<String> {
    v.0.and_then(|v| v.as_string().and_then(|s| s.to_string().ok()))
}

// A digest as `encoding` asks: text for the encodings `encode` knows, else bytes.
fn answer<'js>(cx: Ctx<'js>, bytes: Vec<u8>, encoding: Option<String>) -> R<Value<'js>> {
    use rquickjs::IntoJs;
    match encoding.as_deref().and_then(|e| encode(&bytes, e)) {
        Some(text) => text.into_js(&cx),
        None => Ok(TypedArray::<u8>::new(cx, bytes)?.into_value()),
    }
}

fn fail<T>(cx: &Ctx<'_>, message: &str) -> R<T> {
    Err(Exception::throw_message(cx, message))
}

/// The digests `createHash` knows, by Node's names (lowercased).
pub(crate) const HASHES: &[&str] = &["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha512-224", "sha512-256"];

pub(crate) fn digest(alg: &str, data: &[u8]) -> Option<Vec<u8>> {
    Some(match alg {
        "md5" => md5::Md5::digest(data).to_vec(),
        "sha1" => sha1::Sha1::digest(data).to_vec(),
        "sha224" => sha2::Sha224::digest(data).to_vec(),
        "sha256" => sha2::Sha256::digest(data).to_vec(),
        "sha384" => sha2::Sha384::digest(data).to_vec(),
        "sha512" => sha2::Sha512::digest(data).to_vec(),
        "sha512-224" => sha2::Sha512_224::digest(data).to_vec(),
        "sha512-256" => sha2::Sha512_256::digest(data).to_vec(),
        _ => return None,
    })
}

fn hmac(alg: &str, key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    fn run<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut m = <M as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }
    Some(match alg {
        "md5" => run::<Hmac<md5::Md5>>(key, data),
        "sha1" => run::<Hmac<sha1::Sha1>>(key, data),
        "sha224" => run::<Hmac<sha2::Sha224>>(key, data),
        "sha256" => run::<Hmac<sha2::Sha256>>(key, data),
        "sha384" => run::<Hmac<sha2::Sha384>>(key, data),
        "sha512" => run::<Hmac<sha2::Sha512>>(key, data),
        "sha512-224" => run::<Hmac<sha2::Sha512_224>>(key, data),
        "sha512-256" => run::<Hmac<sha2::Sha512_256>>(key, data),
        _ => return None,
    })
}

fn pbkdf2(alg: &str, password: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) -> bool {
    use pbkdf2::pbkdf2_hmac;
    match alg {
        "md5" => pbkdf2_hmac::<md5::Md5>(password, salt, rounds, out),
        "sha1" => pbkdf2_hmac::<sha1::Sha1>(password, salt, rounds, out),
        "sha224" => pbkdf2_hmac::<sha2::Sha224>(password, salt, rounds, out),
        "sha256" => pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, out),
        "sha384" => pbkdf2_hmac::<sha2::Sha384>(password, salt, rounds, out),
        "sha512" => pbkdf2_hmac::<sha2::Sha512>(password, salt, rounds, out),
        _ => return false,
    }
    true
}

/// The ciphers `createCipheriv` knows: (name, key bytes, iv bytes).
pub(crate) const CIPHERS: &[(&str, usize, usize)] = &[
    ("aes-128-cbc", 16, 16),
    ("aes-192-cbc", 24, 16),
    ("aes-256-cbc", 32, 16),
    ("aes-128-ctr", 16, 16),
    ("aes-192-ctr", 24, 16),
    ("aes-256-ctr", 32, 16),
    ("aes-128-gcm", 16, 12),
    ("aes-192-gcm", 24, 12),
    ("aes-256-gcm", 32, 12),
    ("aes-128-ecb", 16, 0),
    ("aes-192-ecb", 24, 0),
    ("aes-256-ecb", 32, 0),
];

/// One whole cipher operation. For GCM, `tag` is the expected tag when decrypting; the answer is
/// the output, followed by the 16-byte tag when encrypting.
struct CipherJob<'a> {
    name: &'a str,
    key: &'a [u8],
    iv: &'a [u8],
    data: Vec<u8>,
    decrypt: bool,
    padding: bool,
    aad: &'a [u8],
    tag: &'a [u8],
}

fn cipher(job: CipherJob<'_>) -> Result<Vec<u8>, String> {
    let Some(&(_, key_len, iv_len)) = CIPHERS.iter().find(|(n, ..)| *n == job.name) else {
        return Err(format!("Unknown cipher {}", job.name));
    };
    if job.key.len() != key_len {
        return Err("Invalid key length".into());
    }
    let mode = &job.name[8..];
    if mode != "gcm" && job.iv.len() != iv_len {
        return Err("Invalid initialization vector".into());
    }
    macro_rules! by_key {
        ($run:ident) => {
            match key_len {
                16 => $run!(aes::Aes128),
                24 => $run!(aes::Aes192),
                _ => $run!(aes::Aes256),
            }
        };
    }
    let CipherJob { key, iv, mut data, decrypt, padding, aad, tag, .. } = job;
    // OpenSSL's text, which Node passes on and callers match.
    let bad_decrypt = || "error:1C800064:Provider routines::bad decrypt".to_owned();
    let wrong_length = || "wrong final block length".to_owned();
    match mode {
        "cbc" | "ecb" => {
            macro_rules! run {
                ($aes:ty) => {{
                    if mode == "cbc" {
                        let (k, v) = (GenericArray::from_slice(key), GenericArray::from_slice(iv));
                        match (decrypt, padding) {
                            (false, true) => {
                                Ok(cbc::Encryptor::<$aes>::new(k, v).encrypt_padded_vec_mut::<Pkcs7>(&data))
                            }
                            (false, false) => cbc::Encryptor::<$aes>::new(k, v)
                                .encrypt_padded_vec_mut::<NoPadding>(&data)
                                .pipe_len(data.len()),
                            (true, true) => cbc::Decryptor::<$aes>::new(k, v)
                                .decrypt_padded_vec_mut::<Pkcs7>(&data)
                                .map_err(|_| bad_decrypt()),
                            (true, false) => cbc::Decryptor::<$aes>::new(k, v)
                                .decrypt_padded_vec_mut::<NoPadding>(&data)
                                .map_err(|_| wrong_length()),
                        }
                    } else {
                        let k = GenericArray::from_slice(key);
                        match (decrypt, padding) {
                            (false, true) => Ok(ecb::Encryptor::<$aes>::new(k).encrypt_padded_vec_mut::<Pkcs7>(&data)),
                            (false, false) => ecb::Encryptor::<$aes>::new(k)
                                .encrypt_padded_vec_mut::<NoPadding>(&data)
                                .pipe_len(data.len()),
                            (true, true) => ecb::Decryptor::<$aes>::new(k)
                                .decrypt_padded_vec_mut::<Pkcs7>(&data)
                                .map_err(|_| bad_decrypt()),
                            (true, false) => ecb::Decryptor::<$aes>::new(k)
                                .decrypt_padded_vec_mut::<NoPadding>(&data)
                                .map_err(|_| wrong_length()),
                        }
                    }
                }};
            }
            by_key!(run)
        }
        "ctr" => {
            macro_rules! run {
                ($aes:ty) => {{
                    let mut c = ctr::Ctr128BE::<$aes>::new(GenericArray::from_slice(key), GenericArray::from_slice(iv));
                    c.apply_keystream(&mut data);
                    Ok(data)
                }};
            }
            by_key!(run)
        }
        _ => {
            if iv.is_empty() {
                return Err("Invalid initialization vector".into());
            }
            macro_rules! run {
                ($aes:ty) => {{
                    type Gcm = aes_gcm::AesGcm<$aes, aes_gcm::aead::consts::U12>;
                    type GcmIv16 = aes_gcm::AesGcm<$aes, aes_gcm::aead::consts::U16>;
                    gcm::<Gcm, GcmIv16>(key, iv, &mut data, decrypt, aad, tag).map(|t| {
                        if let Some(t) = t {
                            data.extend_from_slice(&t);
                        }
                        data
                    })
                }};
            }
            by_key!(run)
        }
    }
}

// Node accepts 12-byte IVs (the standard) and 16-byte ones (some payment SDKs); others are refused.
fn gcm<A: AeadInPlace + KeyInit, B: AeadInPlace + KeyInit>(
    key: &[u8],
    iv: &[u8],
    data: &mut [u8],
    decrypt: bool,
    aad: &[u8],
    tag: &[u8],
) -> Result<Option<Vec<u8>>, String> {
    fn one<A: AeadInPlace + KeyInit>(
        key: &[u8],
        iv: &[u8],
        data: &mut [u8],
        decrypt: bool,
        aad: &[u8],
        tag: &[u8],
    ) -> Result<Option<Vec<u8>>, String> {
        let a = A::new_from_slice(key).map_err(|_| "Invalid key length".to_owned())?;
        let nonce = GenericArray::from_slice(iv);
        if decrypt {
            if tag.len() != 16 {
                return Err("Unsupported state or unable to authenticate data".into());
            }
            a.decrypt_in_place_detached(nonce, aad, data, GenericArray::from_slice(tag))
                .map_err(|_| "Unsupported state or unable to authenticate data".to_owned())?;
            Ok(None)
        } else {
            let t = a.encrypt_in_place_detached(nonce, aad, data).map_err(|_| "encryption failed".to_owned())?;
            Ok(Some(t.to_vec()))
        }
    }
    match iv.len() {
        12 => one::<A>(key, iv, data, decrypt, aad, tag),
        16 => one::<B>(key, iv, data, decrypt, aad, tag),
        _ => Err("Invalid initialization vector: lang-js takes 12- or 16-byte GCM IVs".into()),
    }
}

trait PipeLen {
    fn pipe_len(self, len: usize) -> Result<Vec<u8>, String>;
}

impl PipeLen for Vec<u8> {
    // Without padding the input must be whole blocks, as OpenSSL says.
    fn pipe_len(self, len: usize) -> Result<Vec<u8>, String> {
        if !len.is_multiple_of(16) { Err("data not multiple of block length".into()) } else { Ok(self) }
    }
}

/// The natives `crypto.js` receives.
pub(crate) fn natives<'js>(cx: &Ctx<'js>) -> R<Object<'js>> {
    let n = Object::new(cx.clone())?;
    n.set(
        "digest",
        Function::new(cx.clone(), |cx: Ctx<'js>, alg: String, chunks: Vec<Value<'js>>, encoding: Opt<Value<'js>>| {
            match digest(&alg, &joined(&cx, &chunks)?) {
                Some(d) => answer(cx, d, text(encoding)),
                None => fail(&cx, "Digest method not supported"),
            }
        })?,
    )?;
    n.set(
        "hmac",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>,
             alg: String,
             key: TypedArray<'js, u8>,
             chunks: Vec<Value<'js>>,
             encoding: Opt<Value<'js>>| {
                match hmac(&alg, &bytes(&key), &joined(&cx, &chunks)?) {
                    Some(d) => answer(cx, d, text(encoding)),
                    None => fail(&cx, &format!("Invalid digest: {alg}")),
                }
            },
        )?,
    )?;
    n.set(
        "random",
        Function::new(cx.clone(), |cx: Ctx<'js>, len: usize| {
            let mut out = vec![0u8; len];
            if getrandom::fill(&mut out).is_err() {
                return fail(&cx, "the system's random source failed");
            }
            TypedArray::<u8>::new(cx, out)
        })?,
    )?;
    n.set(
        "pbkdf2",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>,
             alg: String,
             password: TypedArray<'js, u8>,
             salt: TypedArray<'js, u8>,
             rounds: u32,
             len: usize| {
                let mut out = vec![0u8; len];
                if !pbkdf2(&alg, &bytes(&password), &bytes(&salt), rounds, &mut out) {
                    return fail(&cx, &format!("Invalid digest: {alg}"));
                }
                TypedArray::<u8>::new(cx, out)
            },
        )?,
    )?;
    n.set(
        "scrypt",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>, password: TypedArray<'js, u8>, salt: TypedArray<'js, u8>, len: usize, cost: Vec<f64>| {
                let (n, r, p) = (cost[0], cost[1] as u32, cost[2] as u32);
                if n < 2.0 || n.log2().fract() != 0.0 {
                    return fail(&cx, "Invalid scrypt params: N must be a power of two greater than 1");
                }
                let params = match scrypt::Params::new(n.log2() as u8, r, p, len.max(10)) {
                    Ok(params) => params,
                    Err(e) => return fail(&cx, &format!("Invalid scrypt params: {e}")),
                };
                let mut out = vec![0u8; len];
                if let Err(e) = scrypt::scrypt(&bytes(&password), &bytes(&salt), &params, &mut out) {
                    return fail(&cx, &format!("scrypt failed: {e}"));
                }
                TypedArray::<u8>::new(cx, out)
            },
        )?,
    )?;
    n.set(
        "cipher",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>, name: String, parts: Vec<TypedArray<'js, u8>>, flags: Opt<Vec<bool>>| {
                // parts: key, iv, data, aad, tag; flags: decrypt, padding.
                let flags = flags.0.unwrap_or_default();
                let part = |i: usize| parts.get(i).map(bytes).unwrap_or_default();
                let (key, iv, aad, tag) = (part(0), part(1), part(3), part(4));
                let job = CipherJob {
                    name: &name,
                    key: &key,
                    iv: &iv,
                    data: part(2),
                    decrypt: flags.first().copied().unwrap_or(false),
                    padding: flags.get(1).copied().unwrap_or(true),
                    aad: &aad,
                    tag: &tag,
                };
                match cipher(job) {
                    Ok(out) => TypedArray::<u8>::new(cx, out),
                    Err(e) => fail(&cx, &e),
                }
            },
        )?,
    )?;
    super::keys::install(cx, &n)?;
    n.set("hashes", HASHES.to_vec())?;
    n.set("ciphers", CIPHERS.iter().map(|(n, ..)| *n).collect::<Vec<_>>())?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_match_known_vectors() {
        let hex = |v: Vec<u8>| v.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(digest("md5", b"abc").unwrap()), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            hex(digest("sha256", b"abc").unwrap()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(digest("whirlpool", b"").is_none());
    }

    #[test]
    fn aes_cbc_round_trips_and_rejects_a_wrong_key() {
        let key = [7u8; 32];
        let iv = [1u8; 16];
        let job = |data: Vec<u8>, decrypt| CipherJob {
            name: "aes-256-cbc",
            key: &key,
            iv: &iv,
            data,
            decrypt,
            padding: true,
            aad: &[],
            tag: &[],
        };
        let sealed = cipher(job(b"hello".to_vec(), false)).unwrap();
        assert_eq!(sealed.len(), 16);
        assert_eq!(cipher(job(sealed, true)).unwrap(), b"hello");
        let short = CipherJob { key: &key[..5], ..job(vec![], false) };
        assert_eq!(cipher(short).unwrap_err(), "Invalid key length");
    }
}
