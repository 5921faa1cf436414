//! What the gateway alone needs to know: body and upload limits, where uploads go, the website
//! domains and the admin token. The host holds one and hands it to the gateway; nothing else
//! reads it.

use std::collections::HashMap;
use std::path::PathBuf;

/// Default request body limit: 10 MB, as Laf.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;

/// Default limit of a streamed upload (a multipart body to a function, a presigned PUT): 1 GiB.
pub const DEFAULT_UPLOAD_LIMIT: u64 = 1 << 30;

/// The gateway's settings (set through [`HostBuilder`](crate::HostBuilder)).
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// Largest request body accepted; larger ones get 413.
    pub body_limit: usize,
    /// Largest streamed upload (its files go to disk, not memory); larger ones get 413.
    pub upload_limit: u64,
    /// Where the files of multipart uploads are kept while their invocation runs (mode 0700).
    pub upload_dir: PathBuf,
    /// Website domains (lowercase, no port) and the buckets they serve.
    pub sites: HashMap<String, String>,
    /// The admin API's bearer token; `None` turns the API and the metrics off (403).
    pub admin_token: Option<String>,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        GatewayConfig {
            body_limit: DEFAULT_BODY_LIMIT,
            upload_limit: DEFAULT_UPLOAD_LIMIT,
            // Unguessable, so no other local user can create it first and read the uploads.
            upload_dir: std::env::temp_dir().join(format!("laf-uploads-{}", uuid::Uuid::new_v4().simple())),
            sites: HashMap::new(),
            admin_token: None,
        }
    }
}
