//! [`S3Config`]: where the S3 service is and how to sign for it, and the SDK clients built from it.

use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation, SharedHttpClient,
};
use aws_smithy_http_client::tls;

use crate::bindings::storage::StorageError;

/// How to reach an S3 service (AWS, MinIO, R2...).
#[derive(Clone)]
pub struct S3Config {
    /// The service's URL (`http://127.0.0.1:9000`); `None` for AWS S3 in `region`.
    pub endpoint: Option<String>,
    /// The region to sign for (`us-east-1` for MinIO unless configured otherwise).
    pub region: String,
    /// Access key id.
    pub access_key: String,
    /// Secret access key.
    pub secret_key: String,
    /// Address buckets in the path (`<endpoint>/<bucket>/<key>`), as MinIO needs, instead of the host.
    pub path_style: bool,
    /// The URL browsers reach the service at, when it differs from `endpoint` (a service behind
    /// a proxy): presigned and external URLs use it.
    pub public_endpoint: Option<String>,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .field("path_style", &self.path_style)
            .field("public_endpoint", &self.public_endpoint)
            .finish()
    }
}

impl S3Config {
    /// Checks the configuration and trims trailing `/` from the endpoints.
    pub(super) fn validated(mut self) -> Result<S3Config, StorageError> {
        if self.region.trim().is_empty() {
            return Err(StorageError::InvalidArgument("the S3 region is empty (MinIO's default is us-east-1)".into()));
        }
        for (what, endpoint) in [("endpoint", &mut self.endpoint), ("public endpoint", &mut self.public_endpoint)] {
            if let Some(url) = endpoint {
                let trimmed = url.trim_end_matches('/');
                let ok = trimmed
                    .parse::<http::Uri>()
                    .is_ok_and(|u| matches!(u.scheme_str(), Some("http" | "https")) && u.host().is_some());
                if !ok {
                    return Err(StorageError::InvalidArgument(format!(
                        "the S3 {what} {url:?} is not an http:// or https:// URL"
                    )));
                }
                *url = trimmed.to_owned();
            }
        }
        Ok(self)
    }

    /// An SDK client for `endpoint` (or AWS's own when `None`) sharing the HTTP connection pool.
    pub(super) fn client(&self, endpoint: Option<&str>, http: &SharedHttpClient) -> aws_sdk_s3::Client {
        let credentials = Credentials::new(&self.access_key, &self.secret_key, None, None, "laf");
        let mut builder = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(self.region.clone()))
            .credentials_provider(credentials)
            .force_path_style(self.path_style)
            .http_client(http.clone())
            // Checksums only where S3 requires them: S3-compatible services differ in how they
            // take the newer trailing checksums, and presigned PUT URLs must not demand one.
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
        if let Some(url) = endpoint {
            builder = builder.endpoint_url(url);
        }
        aws_sdk_s3::Client::from_conf(builder.build())
    }
}

/// The HTTPS (and HTTP) client every SDK client of a backend shares, with TLS on ring.
pub(super) fn http_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
        .build_https()
}

/// The unsigned URL of `bucket/key` on `endpoint` (or AWS in `region`), path or host style.
pub(super) fn object_url(endpoint: Option<&str>, region: &str, path_style: bool, bucket: &str, key: &str) -> String {
    let key = crate::percent::encode_path(key);
    match (endpoint, path_style) {
        (Some(endpoint), true) => format!("{endpoint}/{bucket}/{key}"),
        (Some(endpoint), false) => match endpoint.split_once("://") {
            Some((scheme, host)) => format!("{scheme}://{bucket}.{host}/{key}"),
            None => format!("{endpoint}/{bucket}/{key}"),
        },
        (None, true) => format!("https://s3.{region}.amazonaws.com/{bucket}/{key}"),
        (None, false) => format!("https://{bucket}.s3.{region}.amazonaws.com/{key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> S3Config {
        S3Config {
            endpoint: Some("http://127.0.0.1:9000/".into()),
            region: "us-east-1".into(),
            access_key: "key".into(),
            secret_key: "hunter2".into(),
            path_style: true,
            public_endpoint: None,
        }
    }

    #[test]
    fn debug_hides_the_secret() {
        let shown = format!("{:?}", config());
        assert!(shown.contains("key") && !shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn endpoints_are_checked_and_trimmed() {
        assert_eq!(config().validated().unwrap().endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        let bad = S3Config { endpoint: Some("127.0.0.1:9000".into()), ..config() };
        assert!(matches!(bad.validated(), Err(StorageError::InvalidArgument(_))));
        let bad = S3Config { region: String::new(), ..config() };
        assert!(bad.validated().is_err());
    }

    #[test]
    fn object_urls_encode_each_segment() {
        assert_eq!(
            object_url(Some("http://h:9000"), "r", true, "app-web", "a b/ü+x.png"),
            "http://h:9000/app-web/a%20b/%C3%BC%2Bx.png"
        );
        assert_eq!(object_url(Some("https://r2.dev"), "auto", false, "app-web", "k"), "https://app-web.r2.dev/k");
        assert_eq!(
            object_url(None, "eu-west-1", false, "app-web", "k"),
            "https://app-web.s3.eu-west-1.amazonaws.com/k"
        );
    }
}
