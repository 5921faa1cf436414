//! The natives of `node:zlib` (see `zlib.js`): deflate, gzip and raw streams on flate2
//! (miniz_oxide), Brotli on the `brotli` crate. Each call is a whole buffer in, a whole buffer out.

use std::io::{Read, Write};

use rquickjs::{Ctx, Exception, Function, Object, TypedArray};

type R<T> = rquickjs::Result<T>;

/// Output a decompression may produce unless the caller asks for less: a small gzip must not
/// become gigabytes inside a shared host.
pub(crate) const MAX_OUTPUT: usize = 256 << 20;

/// A failure as Node reports it: message, code, errno.
#[derive(Debug, PartialEq)]
struct ZError(&'static str, &'static str, i32);

const DATA_ERROR: ZError = ZError("incorrect header check", "Z_DATA_ERROR", -3);
const BAD_DATA: ZError = ZError("invalid stored block lengths", "Z_DATA_ERROR", -3);
const TRUNCATED: ZError = ZError("unexpected end of file", "Z_BUF_ERROR", -5);
const TOO_BIG: ZError = ZError("Cannot create a Buffer larger than maxOutputLength", "ERR_BUFFER_TOO_LARGE", 0);
const BROTLI_ERROR: ZError = ZError("Decompression failed", "ERR__ERROR_FORMAT_PADDING_1", -14);

// Reads all of `r`, failing past `max` bytes.
fn read_capped(mut r: impl Read, max: usize) -> Result<Vec<u8>, std::io::Error> {
    let mut out = Vec::new();
    (&mut r).take(max as u64 + 1).read_to_end(&mut out)?;
    if out.len() > max {
        return Err(std::io::Error::other("too big"));
    }
    Ok(out)
}

fn inflate_error(e: std::io::Error, input: &[u8]) -> ZError {
    if e.to_string() == "too big" {
        TOO_BIG
    } else if e.kind() == std::io::ErrorKind::UnexpectedEof || input.is_empty() {
        TRUNCATED
    } else if e.kind() == std::io::ErrorKind::InvalidInput {
        DATA_ERROR
    } else {
        BAD_DATA
    }
}

fn level(level: i32) -> flate2::Compression {
    if (0..=9).contains(&level) { flate2::Compression::new(level as u32) } else { flate2::Compression::default() }
}

fn run(op: &str, data: &[u8], lvl: i32, max: usize) -> Result<Vec<u8>, ZError> {
    use flate2::{read, write};
    let compress = |mut w: Box<dyn Write>| -> Result<(), ZError> {
        w.write_all(data).map_err(|_| BAD_DATA)?;
        w.flush().map_err(|_| BAD_DATA)
    };
    match op {
        "gzip" => {
            // OS byte 3 (Unix) and no file name, as Node writes.
            let mut e = flate2::GzBuilder::new().operating_system(3).write(Vec::new(), level(lvl));
            e.write_all(data).map_err(|_| BAD_DATA)?;
            e.finish().map_err(|_| BAD_DATA)
        }
        "deflate" => {
            let mut e = write::ZlibEncoder::new(Vec::new(), level(lvl));
            e.write_all(data).map_err(|_| BAD_DATA)?;
            e.finish().map_err(|_| BAD_DATA)
        }
        "deflateRaw" => {
            let mut e = write::DeflateEncoder::new(Vec::new(), level(lvl));
            e.write_all(data).map_err(|_| BAD_DATA)?;
            e.finish().map_err(|_| BAD_DATA)
        }
        // Node reads every member of a multi-member gzip.
        "gunzip" => {
            if data.len() >= 2 && data[..2] != [0x1f, 0x8b] {
                return Err(DATA_ERROR);
            }
            read_capped(read::MultiGzDecoder::new(data), max).map_err(|e| inflate_error(e, data))
        }
        "inflate" => {
            if data.len() >= 2 && (data[0] & 0x0f != 8 || (u16::from(data[0]) << 8 | u16::from(data[1])) % 31 != 0) {
                return Err(DATA_ERROR);
            }
            read_capped(read::ZlibDecoder::new(data), max).map_err(|e| inflate_error(e, data))
        }
        "inflateRaw" => read_capped(read::DeflateDecoder::new(data), max).map_err(|e| inflate_error(e, data)),
        "unzip" => {
            if data.starts_with(&[0x1f, 0x8b]) {
                run("gunzip", data, lvl, max)
            } else {
                run("inflate", data, lvl, max)
            }
        }
        "brotliCompress" => {
            let quality = if (0..=11).contains(&lvl) { lvl as u32 } else { 11 };
            let mut out = Vec::new();
            {
                let w = brotli::CompressorWriter::new(&mut out, 4096, quality, 22);
                compress(Box::new(w))?;
            }
            Ok(out)
        }
        "brotliDecompress" => read_capped(brotli::Decompressor::new(data, 4096), max).map_err(|e| {
            if e.to_string() == "too big" {
                TOO_BIG
            } else if e.kind() == std::io::ErrorKind::UnexpectedEof {
                TRUNCATED
            } else {
                BROTLI_ERROR
            }
        }),
        _ => Err(ZError("unknown zlib operation", "ERR_INVALID_ARG_VALUE", 0)),
    }
}

/// The natives `zlib.js` receives.
pub(crate) fn natives<'js>(cx: &Ctx<'js>) -> R<Object<'js>> {
    let n = Object::new(cx.clone())?;
    n.set(
        "run",
        Function::new(
            cx.clone(),
            |cx: Ctx<'js>, op: String, data: TypedArray<'js, u8>, lvl: i32, max: f64| -> R<TypedArray<'js, u8>> {
                // SAFETY: copied out before any JavaScript runs.
                let input = unsafe { data.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default();
                let max = if max > 0.0 && max < MAX_OUTPUT as f64 { max as usize } else { MAX_OUTPUT };
                match run(&op, &input, lvl, max) {
                    Ok(out) => TypedArray::new(cx, out),
                    Err(ZError(message, code, errno)) => {
                        let e = Exception::from_message(cx.clone(), message)?;
                        e.set("code", code)?;
                        e.set("errno", errno)?;
                        Err(cx.throw(e.into_value()))
                    }
                }
            },
        )?,
    )?;
    n.set(
        "crc32",
        Function::new(cx.clone(), |data: TypedArray<'js, u8>, start: f64| -> f64 {
            // SAFETY: read before any JavaScript runs.
            let bytes = unsafe { data.as_bytes() }.unwrap_or_default();
            if start != 0.0 {
                return crc32_continue(start as u32, bytes) as f64;
            }
            let mut h = flate2::Crc::new();
            h.update(bytes);
            h.sum() as f64
        })?,
    )?;
    Ok(n)
}

// CRC-32 (IEEE) continued from `crc`, bit by bit: only for a caller that passes a running value
// (flate2's `Crc` always starts from zero).
fn crc32_continue(crc: u32, bytes: &[u8]) -> u32 {
    let mut c = !crc;
    for b in bytes {
        c ^= u32::from(*b);
        for _ in 0..8 {
            c = if c & 1 != 0 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 };
        }
    }
    !c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_is_not_compressed() {
        let text = b"laf laf laf laf laf laf laf laf".repeat(100);
        for (pack, unpack) in [
            ("gzip", "gunzip"),
            ("deflate", "inflate"),
            ("deflateRaw", "inflateRaw"),
            ("brotliCompress", "brotliDecompress"),
        ] {
            let packed = run(pack, &text, -1, MAX_OUTPUT).unwrap();
            assert!(packed.len() < text.len() / 10, "{pack}");
            assert_eq!(run(unpack, &packed, -1, MAX_OUTPUT).unwrap(), text, "{unpack}");
        }
        assert_eq!(run("gunzip", b"plain text", -1, MAX_OUTPUT), Err(DATA_ERROR));
        let packed = run("gzip", &text, -1, MAX_OUTPUT).unwrap();
        assert_eq!(run("gunzip", &packed, -1, 100), Err(TOO_BIG));
        assert_eq!(run("gunzip", &packed[..packed.len() / 2], -1, MAX_OUTPUT), Err(TRUNCATED));
    }

    #[test]
    fn crc32_continues_a_running_sum() {
        let whole = crc32_continue(0, b"hello world");
        assert_eq!(whole, 0x0d4a_1185);
        assert_eq!(crc32_continue(crc32_continue(0, b"hello "), b"world"), whole);
    }
}
