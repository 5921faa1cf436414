//! Small helpers the cases share.

use std::collections::BTreeMap;

use bytes::Bytes;
use futures_util::StreamExt;
use laf_host::bindings::storage::{GetObject, ListOptions, PutBody, PutOptions, Storage, StorageError};

/// Reads a get's whole body.
pub async fn body(mut get: GetObject) -> Bytes {
    let mut out = Vec::new();
    while let Some(chunk) = get.body.next().await {
        out.extend_from_slice(&chunk.expect("read the body"));
    }
    out.into()
}

/// Reads an object whole.
pub async fn read(storage: &Storage, bucket: &str, key: &str) -> Bytes {
    body(storage.get_object(bucket, key, None).await.unwrap_or_else(|e| panic!("get {bucket}/{key}: {e}"))).await
}

/// Stores `data` with no options.
pub async fn write(storage: &Storage, bucket: &str, key: &str, data: &'static str) {
    storage
        .put_object(bucket, key, PutBody::from(data), PutOptions::default())
        .await
        .unwrap_or_else(|e| panic!("put {bucket}/{key}: {e}"));
}

/// Options with a content type and metadata.
pub fn options(content_type: &str, metadata: &[(&str, &str)]) -> PutOptions {
    PutOptions {
        content_type: Some(content_type.into()),
        metadata: metadata.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>(),
    }
}

/// Every key in the bucket, in listing order, following continuation tokens.
pub async fn all_keys(storage: &Storage, bucket: &str, prefix: Option<&str>) -> Vec<String> {
    let mut keys = Vec::new();
    let mut options = ListOptions { prefix: prefix.map(str::to_owned), ..ListOptions::default() };
    loop {
        let page = storage.list_objects(bucket, &options).await.expect("list");
        keys.extend(page.objects.into_iter().map(|o| o.key));
        match page.next_continuation_token {
            Some(token) if page.is_truncated => options.continuation_token = Some(token),
            _ => return keys,
        }
    }
}

/// Fails unless `result` is an error `pred` accepts.
#[track_caller]
pub fn assert_err<T: std::fmt::Debug>(
    result: Result<T, StorageError>,
    pred: impl Fn(&StorageError) -> bool,
    what: &str,
) {
    match result {
        Err(e) if pred(&e) => {}
        other => panic!("{what}: unexpected {other:?}"),
    }
}
