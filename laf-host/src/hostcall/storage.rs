//! `storage.*`: the app's buckets (short names; the app's prefix is added by [`Storage`]).
//!
//! [`Storage`]: crate::bindings::storage::Storage

use std::time::Duration;

use bson::spec::BinarySubtype;
use bson::{Binary, Bson, Document, doc};

use super::args::{count, opt_str, str};
use super::{CallError, Limits};
use crate::bindings::storage::{ListOptions, PresignMethod, PutBody, PutOptions};
use crate::context::FunctionContext;

/// Serves `storage.<op>`.
pub(super) async fn serve(ctx: &FunctionContext, op: &str, a: &Document, limits: &Limits) -> Result<Bson, CallError> {
    let storage = ctx.bindings().storage()?.clone();
    let bucket = str(a, "bucket")?;
    Ok(match op {
        "write" => {
            let body = match (a.get("body"), count(a, "upload")?) {
                (Some(Bson::Binary(b)), _) => PutBody::Bytes(b.bytes.clone().into()),
                (_, Some(index)) => {
                    // Only a file uploaded with this very call, streamed from where the gateway
                    // put it: a language never names a path on the host.
                    let file = usize::try_from(index)
                        .ok()
                        .and_then(|i| ctx.files.get(i))
                        .ok_or_else(|| CallError::bad(format!("no uploaded file #{index} in this call")))?;
                    PutBody::from_path(&file.path).await.map_err(|e| CallError::new("InternalError", e.to_string()))?
                }
                _ => return Err(CallError::bad("`body` must be bytes (or `upload` the index of an uploaded file)")),
            };
            let options = PutOptions { content_type: opt_str(a, "content_type")?, ..Default::default() };
            let put = storage.put_object(bucket, str(a, "key")?, body, options).await?;
            Bson::Document(doc! { "etag": put.etag })
        }
        "read" => {
            let object = storage.read_all(bucket, str(a, "key")?, limits.max_read).await?;
            // Into, not to_vec: the buffer is reused when the read holds the only handle to it.
            let body = Binary { subtype: BinarySubtype::Generic, bytes: object.body.into() };
            let mut out = doc! { "body": body, "etag": object.meta.etag };
            if let Some(ct) = object.meta.content_type {
                out.insert("content_type", ct);
            }
            Bson::Document(out)
        }
        "delete" => {
            storage.delete_object(bucket, str(a, "key")?).await?;
            Bson::Null
        }
        "list" => {
            let options = ListOptions {
                prefix: opt_str(a, "prefix")?,
                delimiter: opt_str(a, "delimiter")?,
                max_keys: count(a, "max_keys")?.map(|n| n.min(u64::from(u32::MAX)) as u32),
                continuation_token: opt_str(a, "continuation_token")?,
                start_after: None,
            };
            let page = storage.list_objects(bucket, &options).await?;
            let contents: Vec<Bson> = page
                .objects
                .into_iter()
                .map(|o| Bson::Document(doc! { "Key": o.key, "Size": o.size as i64, "ETag": o.etag }))
                .collect();
            let prefixes: Vec<Bson> =
                page.common_prefixes.into_iter().map(|p| Bson::Document(doc! { "Prefix": p })).collect();
            let mut out = doc! {
                "KeyCount": (contents.len() + prefixes.len()) as i64,
                "IsTruncated": page.next_continuation_token.is_some(),
                "Contents": contents,
                "CommonPrefixes": prefixes,
            };
            if let Some(t) = page.next_continuation_token {
                out.insert("NextContinuationToken", t);
            }
            Bson::Document(out)
        }
        "presign" => {
            let method = match opt_str(a, "method")?.as_deref() {
                None | Some("GET") => PresignMethod::Get,
                Some("PUT") => PresignMethod::Put,
                Some(other) => return Err(CallError::bad(format!("`method` must be GET or PUT, not {other:?}"))),
            };
            let expires = Duration::from_secs(count(a, "expires")?.unwrap_or(3600));
            Bson::String(storage.presign(method, bucket, str(a, "key")?, expires).await?)
        }
        "external_url" => Bson::String(storage.external_url(bucket, str(a, "key")?)?),
        _ => return Err(CallError::unsupported("storage call", op)),
    })
}
