//! `laf:cloud/storage`: the app's buckets.

use std::time::Duration;

use laf_host::bindings::storage::{ListOptions, PresignMethod, PutBody, PutOptions, Storage, StorageError};

use super::Error;
use super::laf::cloud::storage::{Host, ListPage, Object, ObjectInfo, PresignMethod as WitPresign};
use crate::state::State;

fn storage_error(e: StorageError) -> Error {
    Error { code: e.code().into(), message: e.to_string() }
}

impl State {
    /// The app's storage, for one import call.
    fn storage(&self) -> Result<Storage, Error> {
        Ok(self.ctx().bindings().storage().map_err(storage_error)?.clone())
    }
}

impl Host for State {
    async fn read(&mut self, bucket: String, key: String) -> Result<Object, Error> {
        let storage = self.storage()?;
        // The whole object lands in the guest's memory: refuse early what cannot fit there.
        let cap = self.limiter.limit() as u64;
        let object = storage.read_all(&bucket, &key, cap).await.map_err(storage_error)?;
        let meta = object.meta;
        Ok(Object { body: object.body.into(), content_type: meta.content_type, etag: meta.etag })
    }

    async fn write(
        &mut self,
        bucket: String,
        key: String,
        body: Vec<u8>,
        content_type: Option<String>,
    ) -> Result<String, Error> {
        let storage = self.storage()?;
        let options = PutOptions { content_type, ..Default::default() };
        let put = storage.put_object(&bucket, &key, PutBody::Bytes(body.into()), options).await;
        Ok(put.map_err(storage_error)?.etag)
    }

    async fn delete(&mut self, bucket: String, key: String) -> Result<(), Error> {
        let storage = self.storage()?;
        storage.delete_object(&bucket, &key).await.map_err(storage_error)
    }

    async fn list(
        &mut self,
        bucket: String,
        prefix: Option<String>,
        delimiter: Option<String>,
        max_keys: Option<u32>,
        continuation_token: Option<String>,
    ) -> Result<ListPage, Error> {
        let storage = self.storage()?;
        let options = ListOptions { prefix, delimiter, max_keys, continuation_token, start_after: None };
        let page = storage.list_objects(&bucket, &options).await.map_err(storage_error)?;
        Ok(ListPage {
            objects: page.objects.into_iter().map(|o| ObjectInfo { key: o.key, size: o.size, etag: o.etag }).collect(),
            common_prefixes: page.common_prefixes,
            next_continuation_token: page.next_continuation_token,
        })
    }

    async fn presign(
        &mut self,
        bucket: String,
        key: String,
        method: WitPresign,
        expires_in_secs: u32,
    ) -> Result<String, Error> {
        let storage = self.storage()?;
        let method = match method {
            WitPresign::Get => PresignMethod::Get,
            WitPresign::Put => PresignMethod::Put,
        };
        let expires = Duration::from_secs(u64::from(expires_in_secs));
        storage.presign(method, &bucket, &key, expires).await.map_err(storage_error)
    }
}
