//! The S3 endpoint: every app's buckets over Amazon S3's REST API, whatever the storage
//! backend, so `aws`, boto3, rclone, the AWS SDKs in browsers and functions' own `S3Client`s
//! reach them as Laf's MinIO.
//!
//! It is served on its own address ([`Host::serve_s3`], `laf serve --s3-listen`): S3 clients
//! take an endpoint URL of scheme, host and port, address buckets by path
//! (`http://host:port/<bucket>/<key>`) or as a subdomain of the endpoint's host name, and sign
//! the whole path, so the endpoint cannot live under a prefix of the function routes.
//!
//! `s3s` parses requests, checks SigV4 (headers, presigned queries, chunked payloads) and
//! writes S3's XML; this module decides who may do what ([`access`]) and maps each operation
//! onto the [`StorageBackend`] ([`ops`]), with multipart uploads staged on local disk
//! ([`multipart`]), and answers STS `AssumeRole` with temporary credentials ([`sts`]). Bodies
//! stream both ways.

mod access;
mod multipart;
mod ops;
mod sts;

use std::future::Future;
use std::sync::Arc;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use s3s::S3Result;
use s3s::host::{S3Host, VirtualHost};
use s3s::service::{S3Service, S3ServiceBuilder};
use tokio::sync::watch;

use crate::bindings::storage::StorageBackend;
use crate::host::Host;

pub use access::ADMIN_ACCESS_KEY;

/// Where multipart uploads wait for their completion, below the host's upload folder.
const STAGING_DIR: &str = ".s3-multipart";

impl Host {
    /// The S3 endpoint as a hyper service (to serve it on a listener of one's own), or `None`
    /// when the host has no storage backend.
    pub fn s3_service(&self) -> Option<S3Service> {
        let backend = self.storage_backend()?.clone();
        let staging = self.gateway_config().upload_dir.join(STAGING_DIR);
        multipart::remove_stale(&staging);
        let ops = ops::Endpoint { host: self.clone(), backend, uploads: multipart::Uploads::new(staging) };
        let mut builder = S3ServiceBuilder::new(ops);
        builder.set_auth(access::Keys { host: self.clone() });
        builder.set_access(access::Policy { host: self.clone() });
        builder.set_host(Domains::of(self));
        builder.set_route(sts::Sts { host: self.clone() });
        Some(builder.build())
    }

    /// Serves the S3 endpoint on `listener` until `shutdown` resolves (then lets open requests
    /// finish). Fails at once when the host has no storage backend.
    pub async fn serve_s3(
        &self,
        listener: std::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send,
    ) -> std::io::Result<()> {
        let service = self
            .s3_service()
            .ok_or_else(|| std::io::Error::other("the S3 endpoint needs a storage backend (HostBuilder::storage)"))?;
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let (stop_tx, stop_rx) = watch::channel(false);
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        let _ = stream.set_nodelay(true);
                        tokio::spawn(connection(stream, Cors(service.clone()), stop_rx.clone()));
                    }
                    Err(e) => {
                        tracing::warn!("S3 endpoint: accept failed: {e}");
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    }
                },
                _ = &mut shutdown => break,
            }
        }
        let _ = stop_tx.send(true);
        Ok(())
    }
}

async fn connection(stream: tokio::net::TcpStream, service: Cors, mut stop: watch::Receiver<bool>) {
    let builder = auto::Builder::new(TokioExecutor::new());
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(e) = result {
                tracing::debug!("S3 connection ended: {e}");
            }
        }
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// CORS for browsers using an AWS SDK: preflights are answered for any origin (requests carry
/// their credentials in their signature, never in cookies, so no origin gains anything another
/// lacks), and answers expose the headers SDKs read.
#[derive(Clone)]
struct Cors(S3Service);

const EXPOSED: &str = "ETag, Content-Length, Content-Range, Content-Type, Content-Disposition, Content-Encoding, \
                       Last-Modified, Accept-Ranges, x-amz-request-id, x-amz-version-id, x-amz-delete-marker";

impl hyper::service::Service<http::Request<hyper::body::Incoming>> for Cors {
    type Response = s3s::HttpResponse;
    type Error = s3s::HttpError;
    type Future = futures_util::future::BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn call(&self, request: http::Request<hyper::body::Incoming>) -> Self::Future {
        use http::header::*;
        let origin = request.headers().get(ORIGIN).cloned();
        if let Some(origin) = &origin
            && request.method() == http::Method::OPTIONS
            && request.headers().contains_key(ACCESS_CONTROL_REQUEST_METHOD)
        {
            let mut response = http::Response::new(s3s::Body::empty());
            let headers = response.headers_mut();
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            headers
                .insert(ACCESS_CONTROL_ALLOW_METHODS, http::HeaderValue::from_static("GET, PUT, POST, DELETE, HEAD"));
            if let Some(asked) = request.headers().get(ACCESS_CONTROL_REQUEST_HEADERS) {
                headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
            }
            headers.insert(ACCESS_CONTROL_MAX_AGE, http::HeaderValue::from_static("86400"));
            headers.insert(VARY, http::HeaderValue::from_static("Origin"));
            return Box::pin(std::future::ready(Ok(response)));
        }
        let answer = hyper::service::Service::call(&self.0, request);
        Box::pin(async move {
            let mut response = answer.await?;
            if let Some(origin) = origin {
                let headers = response.headers_mut();
                headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, http::HeaderValue::from_static(EXPOSED));
                headers.insert(VARY, http::HeaderValue::from_static("Origin"));
            }
            Ok(response)
        })
    }
}

/// Virtual-hosted addressing (`<bucket>.<endpoint host>`) for the endpoint's host names;
/// every other `Host` (an IP address, another name) is path-style.
struct Domains(Vec<String>);

impl Domains {
    fn of(host: &Host) -> Domains {
        let endpoint = host.gateway_config().s3.clone();
        let urls = endpoint.iter().flat_map(|e| [e.internal_url.clone(), e.external_url.clone()]);
        let mut names: Vec<String> = urls
            .filter_map(|url| http::Uri::try_from(url).ok()?.host().map(str::to_ascii_lowercase))
            .filter(|name| name.parse::<std::net::IpAddr>().is_err() && !name.starts_with('['))
            .collect();
        names.dedup();
        Domains(names)
    }
}

impl S3Host for Domains {
    fn parse_host_header<'a>(&'a self, host: &'a str) -> S3Result<VirtualHost<'a>> {
        let name = match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        };
        for domain in &self.0 {
            if let Some(bucket) = name.strip_suffix(domain.as_str()).and_then(|rest| rest.strip_suffix('.')) {
                return Ok(VirtualHost::new(domain.as_str()).with_bucket(bucket.to_ascii_lowercase()));
            }
        }
        Ok(VirtualHost::new(host))
    }
}

/// The backend every operation goes to.
type Backend = Arc<dyn StorageBackend>;
