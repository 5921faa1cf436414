//! The app's buckets: write, read, delete, list objects and presign URLs.

use crate::Result;
use crate::bindings::laf::cloud::storage as host;

/// The app's object storage; get it with `ctx.storage()`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Storage {
    _private: (),
}

impl Storage {
    /// The storage handle (the same as `ctx.storage()`).
    pub fn new() -> Self {
        Self { _private: () }
    }

    /// The bucket `name`: the app's short name (`uploads`) or the full one (`<appid>-uploads`).
    pub fn bucket(&self, name: &str) -> Bucket {
        Bucket { name: name.to_string() }
    }
}

/// A stored object, read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// The bytes.
    pub body: Vec<u8>,
    /// The content type it was written with, if any.
    pub content_type: Option<String>,
    /// Its entity tag.
    pub etag: String,
}

/// An object as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    /// The key.
    pub key: String,
    /// The size in bytes.
    pub size: u64,
    /// Its entity tag.
    pub etag: String,
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListPage {
    /// The objects of this page, by key.
    pub objects: Vec<ObjectInfo>,
    /// With a delimiter: the key prefixes rolled up ("folders").
    pub common_prefixes: Vec<String>,
    /// Pass it to [`ListOptions::continuation_token`] for the next page; `None` on the last one.
    pub next_continuation_token: Option<String>,
}

/// Options of [`Bucket::list_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListOptions {
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Roll keys up to this character after the prefix (usually `/`).
    pub delimiter: Option<String>,
    /// At most this many keys per page.
    pub max_keys: Option<u32>,
    /// The token of the previous page.
    pub continuation_token: Option<String>,
}

impl ListOptions {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the prefix.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Sets the delimiter.
    pub fn delimiter(mut self, delimiter: &str) -> Self {
        self.delimiter = Some(delimiter.into());
        self
    }

    /// Sets the page size.
    pub fn max_keys(mut self, max_keys: u32) -> Self {
        self.max_keys = Some(max_keys);
        self
    }

    /// Continues after the page that returned `token`.
    pub fn continuation_token(mut self, token: &str) -> Self {
        self.continuation_token = Some(token.into());
        self
    }
}

/// One bucket of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    name: String,
}

impl Bucket {
    /// The bucket's name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Writes an object; returns its entity tag.
    pub fn write(&self, key: &str, body: impl AsRef<[u8]>, content_type: Option<&str>) -> Result<String> {
        Ok(host::write(&self.name, key, body.as_ref(), content_type)?)
    }

    /// Reads an object whole; a missing key fails with code `NoSuchKey` (see [`crate::Error::is_not_found`]).
    pub fn read(&self, key: &str) -> Result<Object> {
        let o = host::read(&self.name, key)?;
        Ok(Object { body: o.body, content_type: o.content_type, etag: o.etag })
    }

    /// Deletes an object.
    pub fn delete(&self, key: &str) -> Result<()> {
        Ok(host::delete(&self.name, key)?)
    }

    /// The first page of keys starting with `prefix` (all keys with `None`).
    pub fn list(&self, prefix: Option<&str>) -> Result<ListPage> {
        self.list_with(ListOptions { prefix: prefix.map(Into::into), ..ListOptions::default() })
    }

    /// One page of a listing with options.
    pub fn list_with(&self, o: ListOptions) -> Result<ListPage> {
        let p = host::list(
            &self.name,
            o.prefix.as_deref(),
            o.delimiter.as_deref(),
            o.max_keys,
            o.continuation_token.as_deref(),
        )?;
        let objects = p.objects.into_iter().map(|i| ObjectInfo { key: i.key, size: i.size, etag: i.etag }).collect();
        Ok(ListPage { objects, common_prefixes: p.common_prefixes, next_continuation_token: p.next_continuation_token })
    }

    /// A presigned URL to download `key` for `expires_in_secs` seconds.
    pub fn download_url(&self, key: &str, expires_in_secs: u32) -> Result<String> {
        Ok(host::presign(&self.name, key, host::PresignMethod::Get, expires_in_secs)?)
    }

    /// A presigned URL to upload (`PUT`) `key` for `expires_in_secs` seconds.
    pub fn upload_url(&self, key: &str, expires_in_secs: u32) -> Result<String> {
        Ok(host::presign(&self.name, key, host::PresignMethod::Put, expires_in_secs)?)
    }
}
