//! The app's network policy ([`laf_host::netpolicy`]) on every connection a function makes: `net`
//! and `tls` sockets, `fetch` and `http`/`https` requests and the redirects they follow.
//!
//! The check runs on each address a connection is about to be made to, after name resolution and
//! before a socket is opened, so a refused address never sees a packet: a name resolving to
//! loopback is refused like `127.0.0.1`, and of a name's several addresses the refused ones are
//! skipped. A function sees a refusal as Node reports a connection the system forbids: code
//! `EACCES`, with [`NetDenied`]'s message (the address, why, and `--allow-net`).

use std::cell::RefCell;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use laf_host::{NetDenied, NetPolicy};

/// Why no connection was made.
#[derive(Debug)]
pub(crate) enum Refused {
    /// The policy refused every address the destination has.
    Denied(NetDenied),
    /// The name does not resolve (or resolves to nothing).
    Lookup,
    /// Every allowed address failed to connect; the last failure.
    Connect(std::io::Error),
}

/// The addresses of `host` (a name, or a literal address with or without IPv6 brackets) at `port`.
pub(crate) async fn resolve(host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>> {
    let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let mut out: Vec<SocketAddr> = Vec::new();
    for a in tokio::net::lookup_host((bare, port)).await? {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    if out.is_empty() {
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("{host} has no address")));
    }
    Ok(out)
}

/// The addresses of `addrs` the policy allows, in order; when it allows none, its first refusal.
pub(crate) fn allowed(policy: &NetPolicy, addrs: &[SocketAddr]) -> Result<Vec<SocketAddr>, NetDenied> {
    let mut first_refusal = None;
    let mut out = Vec::with_capacity(addrs.len());
    for &addr in addrs {
        match policy.check(addr) {
            Ok(()) => out.push(addr),
            Err(e) => {
                first_refusal.get_or_insert(e);
            }
        }
    }
    match first_refusal {
        Some(e) if out.is_empty() => Err(e),
        _ => Ok(out),
    }
}

/// Connects through `connect` to the first of `addrs` the policy allows that answers. A refused
/// address is never handed to `connect`: the check comes before any socket exists.
pub(crate) async fn connect_first<T, F, Fut>(
    policy: &NetPolicy,
    addrs: &[SocketAddr],
    mut connect: F,
) -> Result<T, Refused>
where
    F: FnMut(SocketAddr) -> Fut,
    Fut: Future<Output = std::io::Result<T>>,
{
    let mut last = None;
    for addr in allowed(policy, addrs).map_err(Refused::Denied)? {
        match connect(addr).await {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(e),
        }
    }
    Err(Refused::Connect(last.unwrap_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no address"))))
}

/// A TCP connection to `host:port` where the policy allows it (`net.connect`, `tls.connect`).
pub(crate) async fn tcp(policy: &NetPolicy, host: &str, port: u16) -> Result<tokio::net::TcpStream, Refused> {
    let addrs = resolve(host, port).await.map_err(|_| Refused::Lookup)?;
    connect_first(policy, &addrs, tokio::net::TcpStream::connect).await
}

// The destination of the request or redirect a `fetch` is about to make: the resolver checks the
// addresses of this host at this port. Per request (a task-local around it), since an app's
// concurrent fetches share its client.
tokio::task_local! {
    static HOP: RefCell<Option<(String, u16)>>;
}

/// Runs `request` (a `fetch` through a client of [`http_client`], redirects included) with `url`
/// as its first destination; a literal address the policy refuses fails here, before `request`
/// is even polled.
pub(crate) async fn fetching<F: Future>(
    policy: &NetPolicy,
    url: &url::Url,
    request: F,
) -> Result<F::Output, NetDenied> {
    let hop = destination(policy, url)?;
    Ok(HOP.scope(RefCell::new(hop), request).await)
}

// Where `url` connects, checked at once when its host is a literal address (the HTTP connector
// resolves no literal, so the resolver would not see it).
fn destination(policy: &NetPolicy, url: &url::Url) -> Result<Option<(String, u16)>, NetDenied> {
    let Some(port) = url.port_or_known_default() else {
        return Ok(None);
    };
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(name)) => return Ok(Some((name.to_owned(), port))),
        None => return Ok(None),
    };
    policy.check(SocketAddr::new(ip, port))?;
    Ok(Some((ip.to_string(), port)))
}

// reqwest's own limit.
const MAX_REDIRECTS: usize = 10;

/// The HTTP client of one app's `fetch` and `http` requests: its policy checks each address it
/// connects to (see [`fetching`]). One per app, so a pooled connection one app was allowed to
/// open never serves another app's request.
pub(crate) fn http_client(policy: &NetPolicy) -> reqwest::Client {
    let on_redirect = policy.clone();
    let redirect = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            return attempt.error("too many redirects");
        }
        match destination(&on_redirect, attempt.url()) {
            Ok(hop) => match HOP.try_with(|h| h.replace(hop)) {
                Ok(_) => attempt.follow(),
                Err(_) => attempt.error("a redirect outside of a fetch"),
            },
            Err(denied) => attempt.error(denied),
        }
    });
    reqwest::Client::builder()
        .user_agent(concat!("laf/", env!("CARGO_PKG_VERSION")))
        // A proxy would resolve names itself, out of the policy's sight: connect directly.
        .no_proxy()
        .dns_resolver(Arc::new(Resolver { policy: policy.clone() }))
        .redirect(redirect)
        .build()
        .unwrap_or_default()
}

/// Resolves the current destination's name and answers only the addresses the policy allows.
struct Resolver {
    policy: NetPolicy,
}

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        // Read now: the connector calls this while the request's future (inside the scope) polls.
        let hop = HOP.try_with(|h| h.borrow().clone()).ok().flatten();
        let policy = self.policy.clone();
        let name = name.as_str().to_owned();
        Box::pin(async move {
            // Without a destination for this very name, the port is unknown: refuse rather than guess.
            let Some((host, port)) = hop.filter(|(host, _)| host.eq_ignore_ascii_case(&name)) else {
                return Err(format!("no fetch in progress is resolving {name}").into());
            };
            let addrs = resolve(&host, port).await?;
            let allowed = allowed(&policy, &addrs)?;
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The policy's refusal behind a failed request, if that is why it failed.
pub(crate) fn denial<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a NetDenied> {
    let mut cur = Some(e);
    while let Some(e) = cur {
        if let Some(d) = e.downcast_ref::<NetDenied>() {
            return Some(d);
        }
        cur = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    // Refused addresses in these tests are never connected to: the connect closures only record.
    #[tokio::test]
    async fn refused_addresses_never_reach_connect() {
        let tried = Mutex::new(Vec::new());
        let policy = NetPolicy::default();
        let addrs = [sa("169.254.169.254:80"), sa("127.0.0.1:80"), sa("[::1]:80"), sa("0.0.0.0:80")];
        let r = connect_first(&policy, &addrs, |a| {
            tried.lock().unwrap().push(a);
            async { Ok::<_, std::io::Error>(()) }
        })
        .await;
        assert!(tried.lock().unwrap().is_empty(), "connect was called for {:?}", tried.lock().unwrap());
        let Err(Refused::Denied(e)) = r else { panic!("expected a refusal, got {r:?}") };
        assert_eq!(e.addr, sa("169.254.169.254:80"));
        assert!(e.to_string().contains("--allow-net"), "{e}");
    }

    #[tokio::test]
    async fn refused_addresses_are_skipped_for_allowed_ones() {
        let tried = Mutex::new(Vec::new());
        let policy = NetPolicy::default();
        let addrs = [sa("127.0.0.1:5432"), sa("10.1.2.3:5432"), sa("169.254.169.254:5432"), sa("10.1.2.4:5432")];
        let r = connect_first(&policy, &addrs, |a| {
            tried.lock().unwrap().push(a);
            async { Err::<(), _>(std::io::Error::from(std::io::ErrorKind::ConnectionRefused)) }
        })
        .await;
        assert_eq!(*tried.lock().unwrap(), [sa("10.1.2.3:5432"), sa("10.1.2.4:5432")]);
        assert!(matches!(r, Err(Refused::Connect(_))), "{r:?}");
    }

    #[tokio::test]
    async fn an_exception_is_for_its_port_only() {
        let policy = NetPolicy::new(["127.0.0.1:6379".parse().unwrap()]);
        assert_eq!(allowed(&policy, &[sa("127.0.0.1:6379")]).unwrap(), [sa("127.0.0.1:6379")]);
        assert!(allowed(&policy, &[sa("127.0.0.1:6380")]).is_err());
    }

    // `localhost` resolves from /etc/hosts: no packet leaves the machine.
    #[tokio::test]
    async fn a_name_is_judged_by_its_addresses() {
        let addrs = resolve("localhost", 8080).await.unwrap();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()), "{addrs:?}");
        let r = connect_first(&NetPolicy::default(), &addrs, |a| async move {
            panic!("connect called for {a}");
            #[allow(unreachable_code)]
            Ok::<(), std::io::Error>(())
        })
        .await;
        assert!(matches!(r, Err(Refused::Denied(_))), "{r:?}");
        assert_eq!(resolve("[::1]", 1).await.unwrap(), [sa("[::1]:1")]);
    }

    #[tokio::test]
    async fn a_fetch_of_a_refused_literal_fails_before_its_request_runs() {
        let policy = NetPolicy::default();
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://127.0.0.1:8000/_/api/apps",
            "https://[::ffff:169.254.169.254]/",
            "http://0x7f.1/",
            "http://2130706433/",
        ] {
            let url = url::Url::parse(url).unwrap();
            let r = fetching(&policy, &url, async { panic!("the request ran for {url}") }).await;
            let e = r.err().unwrap_or_else(|| panic!("{url} was allowed"));
            assert!(e.to_string().contains("--allow-net"), "{e}");
        }
        let url = url::Url::parse("http://10.1.2.3/").unwrap();
        assert!(fetching(&policy, &url, async {}).await.is_ok());
    }

    #[tokio::test]
    async fn the_resolver_refuses_a_name_resolving_to_loopback() {
        use reqwest::dns::Resolve;
        let resolver = Resolver { policy: NetPolicy::default() };
        let url = url::Url::parse("http://localhost:9/").unwrap();
        let r = fetching(&NetPolicy::default(), &url, async {
            match resolver.resolve("localhost".parse().unwrap()).await {
                Ok(addrs) => Err(format!("resolved to {:?}", addrs.collect::<Vec<_>>())),
                Err(e) => Ok(denial(e.as_ref()).map(|d| d.addr)),
            }
        })
        .await
        .unwrap();
        assert_eq!(r, Ok(Some(sa("127.0.0.1:9"))));

        let allowed = Resolver { policy: NetPolicy::new(["127.0.0.1:9".parse().unwrap()]) };
        let r = fetching(&allowed.policy, &url, async {
            allowed
                .resolve("localhost".parse().unwrap())
                .await
                .map(|a| a.collect::<Vec<_>>())
                .map_err(|e| e.to_string())
        })
        .await
        .unwrap();
        assert_eq!(r, Ok(vec![sa("127.0.0.1:9")]));

        // Outside a fetch, or for another name than the fetch's, nothing resolves.
        assert!(resolver.resolve("localhost".parse().unwrap()).await.is_err());
        let r = fetching(&allowed.policy, &url, async { allowed.resolve("vm".parse().unwrap()).await.is_err() });
        assert!(r.await.unwrap());
    }
}
