//! The storage options of `laf serve`: the local filesystem by default, any S3 service on demand,
//! the app's buckets to make sure of, and domains served as websites.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use laf_host::bindings::storage::{BucketPolicy, LocalStorage, S3Config, S3Storage, StorageBackend};
use laf_host::{AppHandle, HostBuilder};

/// Storage options of `laf serve`.
#[derive(clap::Args)]
pub struct StorageArgs {
    /// Where the local storage keeps buckets (default: `storage` inside the data directory).
    #[arg(long, env = "LAF_STORAGE_DIR")]
    storage_dir: Option<std::path::PathBuf>,
    /// The host's address as clients reach it, for presigned and external URLs of the local
    /// storage (default: `http://` and the listen address).
    #[arg(long, env = "LAF_PUBLIC_URL")]
    public_url: Option<String>,
    /// Use this S3 service instead of the local storage (`http://minio:9000`); with an access key
    /// but no endpoint, AWS S3 itself.
    #[arg(long, env = "LAF_S3_ENDPOINT")]
    s3_endpoint: Option<String>,
    /// The S3 region.
    #[arg(long, env = "LAF_S3_REGION", default_value = "us-east-1")]
    s3_region: String,
    /// The S3 access key id.
    #[arg(long, env = "LAF_S3_ACCESS_KEY")]
    s3_access_key: Option<String>,
    /// The S3 secret key.
    #[arg(long, env = "LAF_S3_SECRET_KEY", hide_env_values = true)]
    s3_secret_key: Option<String>,
    /// Address buckets as `<endpoint>/<bucket>` (MinIO) rather than `<bucket>.<endpoint>`.
    #[arg(long, env = "LAF_S3_PATH_STYLE")]
    s3_path_style: bool,
    /// The S3 endpoint as clients reach it, for presigned and external URLs (default: the endpoint).
    #[arg(long, env = "LAF_S3_PUBLIC_ENDPOINT")]
    s3_public_endpoint: Option<String>,
    /// A bucket of the app to create if missing, with its policy: `uploads` or `web=readonly`
    /// (policies: private, readonly, readwrite). Repeat for more.
    #[arg(long = "bucket", value_name = "NAME[=POLICY]")]
    buckets: Vec<String>,
    /// Serve a bucket as the website of a domain: `www.example.com=web`. Repeat for more.
    #[arg(long = "site", value_name = "DOMAIN=BUCKET")]
    sites: Vec<String>,
    /// Largest multipart upload to a function, PUT to a presigned URL, or PUT or part through the S3
    /// endpoint, in bytes.
    #[arg(long, default_value_t = laf_host::host::DEFAULT_UPLOAD_LIMIT)]
    upload_limit: u64,
}

impl StorageArgs {
    /// Adds the storage backend, the upload limit and the sites of `app` to `builder`.
    pub fn configure(
        &self,
        builder: HostBuilder,
        data: &Path,
        listen: SocketAddr,
        app: &str,
    ) -> anyhow::Result<HostBuilder> {
        let mut builder = builder.storage(self.backend(data, listen)?).upload_limit(self.upload_limit);
        for site in &self.sites {
            let (domain, bucket) =
                site.split_once('=').with_context(|| format!("--site {site}: expected DOMAIN=BUCKET"))?;
            let bucket = laf_host::bindings::storage::bucket_for_app(app, bucket)?;
            builder = builder.site(domain, &bucket);
        }
        Ok(builder)
    }

    fn backend(&self, data: &Path, listen: SocketAddr) -> anyhow::Result<Arc<dyn StorageBackend>> {
        if self.s3_endpoint.is_some() || self.s3_access_key.is_some() {
            let (Some(access_key), Some(secret_key)) = (&self.s3_access_key, &self.s3_secret_key) else {
                anyhow::bail!("S3 storage needs --s3-access-key and --s3-secret-key");
            };
            let config = S3Config {
                endpoint: self.s3_endpoint.clone(),
                region: self.s3_region.clone(),
                access_key: access_key.clone(),
                secret_key: secret_key.clone(),
                path_style: self.s3_path_style,
                public_endpoint: self.s3_public_endpoint.clone(),
            };
            tracing::info!("storage: S3 at {}", self.s3_endpoint.as_deref().unwrap_or("AWS"));
            return Ok(Arc::new(S3Storage::new(config)?));
        }
        let root = self.storage_dir.clone().unwrap_or_else(|| data.join("storage"));
        let public_url = self.public_url.clone().unwrap_or_else(|| format!("http://{listen}"));
        let local =
            LocalStorage::open(&root, &public_url).with_context(|| format!("cannot open {}", root.display()))?;
        tracing::info!("storage: local, {} (URLs under {public_url}/_/storage/)", root.display());
        Ok(Arc::new(local))
    }

    /// Creates the `--bucket` buckets that are missing and sets their policies.
    pub async fn ensure_buckets(&self, app: &AppHandle) -> anyhow::Result<()> {
        let storage = app.bindings().storage()?;
        for spec in &self.buckets {
            let (name, policy) = match spec.split_once('=') {
                Some((name, policy)) => (name, policy.parse::<BucketPolicy>()?),
                None => (spec.as_str(), BucketPolicy::Private),
            };
            let bucket = storage.ensure_bucket(name, policy).await.with_context(|| format!("--bucket {spec}"))?;
            tracing::info!("bucket {bucket} ({})", policy.as_str());
        }
        Ok(())
    }
}
