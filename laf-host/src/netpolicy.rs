//! Where a function may connect: the outbound network policy every language enforces.
//!
//! By default a function reaches the internet and private networks (a database in the same
//! cluster), but not this machine: loopback, the unspecified address (which connects to
//! loopback), link-local (the cloud metadata service at `169.254.169.254` lives there),
//! multicast and broadcast, and every address assigned to one of this machine's interfaces (the
//! host's own listeners on its public address). An operator allows exceptions per app or for all
//! apps ([`NetRule`], `laf serve --allow-net`, the admin API's `allowNet`).
//!
//! The check is on the address a connection is about to be made to, after name resolution, so a
//! name that resolves to loopback is refused like the literal address. Each language calls
//! [`NetPolicy::check`] where its connections are made: the JS engine's `fetch`/`net`/`http`
//! (host side), the WASM host's socket and HTTP hooks, and the Python workers' `connect` calls
//! (trapped by a seccomp filter and performed by the host).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use ipnet::IpNet;

/// An address range, optionally one port of it, that a function may connect to although the
/// default policy refuses it: `127.0.0.1:6379`, `10.0.0.0/8`, `[::1]:8080`, `169.254.169.254`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetRule {
    net: IpNet,
    port: Option<u16>,
}

/// A rule that does not parse, with what was wrong.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "invalid network rule {rule:?}: {why} (expected an address or CIDR range, optionally with :port, e.g. 127.0.0.1:6379, 10.0.0.0/8, [::1]:8080)"
)]
pub struct NetRuleError {
    rule: String,
    why: String,
}

impl FromStr for NetRule {
    type Err = NetRuleError;

    fn from_str(s: &str) -> Result<NetRule, NetRuleError> {
        let err = |why: &str| NetRuleError { rule: s.to_owned(), why: why.to_owned() };
        let s = s.trim();
        // `[v6]:port`, `[v6]`, `v4:port`, a bare address or CIDR (v4 or v6).
        let (addr, port) = if let Some(rest) = s.strip_prefix('[') {
            let (inside, after) = rest.split_once(']').ok_or_else(|| err("unclosed ["))?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(|| err("expected :port after ]"))?),
            };
            (inside, port)
        } else if s.matches(':').count() == 1 {
            let (a, p) = s.split_once(':').unwrap_or((s, ""));
            (a, Some(p))
        } else {
            (s, None)
        };
        let port = match port {
            None => None,
            Some(p) => Some(p.parse::<u16>().map_err(|_| err("the port is not a number from 0 to 65535"))?),
        };
        let net = if addr.contains('/') {
            IpNet::from_str(addr).map_err(|_| err("not a CIDR range"))?.trunc()
        } else {
            IpNet::from(IpAddr::from_str(addr).map_err(|_| err("not an IP address (names are not resolved here)"))?)
        };
        Ok(NetRule { net, port })
    }
}

impl std::fmt::Display for NetRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let single = self.net.prefix_len() == self.net.max_prefix_len();
        match (self.port, self.net) {
            (None, _) if single => write!(f, "{}", self.net.addr()),
            (None, _) => write!(f, "{}", self.net),
            (Some(p), IpNet::V6(_)) if single => write!(f, "[{}]:{p}", self.net.addr()),
            (Some(p), IpNet::V6(_)) => write!(f, "[{}]:{p}", self.net),
            (Some(p), _) if single => write!(f, "{}:{p}", self.net.addr()),
            (Some(p), _) => write!(f, "{}:{p}", self.net),
        }
    }
}

impl NetRule {
    fn matches(&self, ip: IpAddr, port: u16) -> bool {
        self.net.contains(&ip) && self.port.is_none_or(|p| p == port)
    }
}

/// Why a connection was refused; its message names the address and how to allow it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("connection to {addr} refused by the app's network policy: {why} (an operator allows it with --allow-net)")]
pub struct NetDenied {
    /// The address the function tried.
    pub addr: SocketAddr,
    /// Which default rule refused it.
    pub why: &'static str,
}

/// An app's outbound network policy: the default refusals less the operator's exceptions.
/// Cloning is cheap: languages keep their own copies (per client, per instance).
#[derive(Debug, Clone, Default)]
pub struct NetPolicy {
    // The app's own exceptions (admin API `allowNet`, kept with the app).
    allow: Arc<[NetRule]>,
    // The operator's exceptions for this host (`laf serve --allow-net`), not kept with the app.
    operator: Arc<[NetRule]>,
}

impl NetPolicy {
    /// The default policy plus these exceptions.
    pub fn new(allow: impl IntoIterator<Item = NetRule>) -> NetPolicy {
        NetPolicy { allow: allow.into_iter().collect(), operator: Arc::default() }
    }

    /// The app's own exceptions, as given (what the registry keeps).
    pub fn allowed(&self) -> &[NetRule] {
        &self.allow
    }

    /// Adds the operator's exceptions of this host, which the app does not keep.
    pub fn with_operator(mut self, rules: impl IntoIterator<Item = NetRule>) -> NetPolicy {
        self.operator = self.operator.iter().cloned().chain(rules).collect();
        self
    }

    /// Whether a function of the app may connect to `addr` (TCP, or UDP `connect`/`sendto`).
    pub fn check(&self, addr: SocketAddr) -> Result<(), NetDenied> {
        // `::ffff:127.0.0.1` reaches 127.0.0.1: judge mapped addresses as the IPv4 they are.
        let ip = match addr.ip() {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
            v4 => v4,
        };
        let Some(why) = refused(ip) else {
            return Ok(());
        };
        if self
            .allow
            .iter()
            .chain(self.operator.iter())
            .any(|r| r.matches(ip, addr.port()) || r.matches(addr.ip(), addr.port()))
        {
            return Ok(());
        }
        Err(NetDenied { addr, why })
    }
}

/// Why the default policy refuses `ip`, if it does.
fn refused(ip: IpAddr) -> Option<&'static str> {
    refused_among(ip, &local_addresses())
}

/// [`refused`], with this machine's addresses given.
fn refused_among(ip: IpAddr, local: &[IpAddr]) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refused_v4(v4),
        IpAddr::V6(v6) => refused_v6(v6),
    }
    .or_else(|| local.contains(&ip).then_some("it is an address of this machine"))
}

fn refused_v4(ip: Ipv4Addr) -> Option<&'static str> {
    if ip.is_loopback() {
        Some("loopback is this machine")
    } else if ip.is_unspecified() || ip.octets()[0] == 0 {
        Some("0.0.0.0/8 reaches this machine")
    } else if ip.is_link_local() {
        Some("link-local addresses (the cloud metadata service) are not reachable")
    } else if ip.is_multicast() || ip.is_broadcast() {
        Some("multicast and broadcast are not reachable")
    } else {
        None
    }
}

fn refused_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if ip.is_loopback() {
        Some("loopback is this machine")
    } else if ip.is_unspecified() {
        Some(":: reaches this machine")
    } else if ip.is_unicast_link_local() {
        Some("link-local addresses are not reachable")
    } else if ip.is_multicast() {
        Some("multicast is not reachable")
    } else if let Some(v4) = ip.to_ipv4() {
        // IPv4-compatible (deprecated) forms still route to the IPv4 address on some stacks.
        if ip.segments()[..5].iter().all(|s| *s == 0) { refused_v4(v4) } else { None }
    } else {
        None
    }
}

/// The addresses of this machine's interfaces, read at most every few seconds (an interface may
/// come up after start). Checks only share a read lock; one of them refreshes the list.
fn local_addresses() -> Arc<[IpAddr]> {
    static CACHE: RwLock<Option<(Instant, Arc<[IpAddr]>)>> = RwLock::new(None);
    if let Some((at, list)) = CACHE.read().unwrap_or_else(|e| e.into_inner()).as_ref()
        && at.elapsed() < Duration::from_secs(10)
    {
        return list.clone();
    }
    let list: Arc<[IpAddr]> = interface_addresses().into();
    *CACHE.write().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), list.clone()));
    list
}

fn interface_addresses() -> Vec<IpAddr> {
    let mut out = Vec::new();
    let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `head` with a list we walk read-only and free once.
    unsafe {
        if libc::getifaddrs(&mut head) != 0 {
            return out;
        }
        let mut cur = head;
        while !cur.is_null() {
            let addr = (*cur).ifa_addr;
            if !addr.is_null() {
                match (*addr).sa_family as i32 {
                    libc::AF_INET => {
                        let sin = &*(addr as *const libc::sockaddr_in);
                        out.push(IpAddr::V4(Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr))));
                    }
                    libc::AF_INET6 => {
                        let sin6 = &*(addr as *const libc::sockaddr_in6);
                        out.push(IpAddr::V6(Ipv6Addr::from(sin6.sin6_addr.s6_addr)));
                    }
                    _ => {}
                }
            }
            cur = (*cur).ifa_next;
        }
        libc::freeifaddrs(head);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn refuses_this_machine_and_metadata_by_default() {
        let p = NetPolicy::default();
        for addr in [
            "127.0.0.1:80",
            "127.8.9.1:8000",
            "0.0.0.0:8000",
            "169.254.169.254:80",
            "[::1]:80",
            "[::]:80",
            "[::ffff:127.0.0.1]:80",
            "[::ffff:169.254.169.254]:80",
            "[fe80::1]:80",
            "224.0.0.1:5353",
            "255.255.255.255:67",
        ] {
            assert!(p.check(sa(addr)).is_err(), "{addr} must be refused");
        }
        for addr in ["93.184.216.34:443", "10.1.2.3:5432", "192.168.1.10:6379", "[2606:4700::1111]:443"] {
            assert!(p.check(sa(addr)).is_ok(), "{addr} must be allowed");
        }
    }

    #[test]
    fn refuses_the_machines_own_interface_addresses() {
        let p = NetPolicy::default();
        for ip in interface_addresses() {
            assert!(p.check(SocketAddr::new(ip, 8000)).is_err(), "{ip} is this machine");
        }
        // On a machine with loopback only the loop above proves nothing: an address that is
        // public elsewhere is refused once it is one of this machine's.
        let public: IpAddr = "93.184.216.34".parse().unwrap();
        assert_eq!(refused_among(public, &[]), None);
        assert!(refused_among(public, &[public]).is_some());
    }

    #[test]
    fn exceptions_allow_a_range_or_one_port() {
        let p = NetPolicy::new(["127.0.0.1:6379".parse().unwrap(), "169.254.0.0/16".parse().unwrap()]);
        assert!(p.check(sa("127.0.0.1:6379")).is_ok());
        assert!(p.check(sa("[::ffff:127.0.0.1]:6379")).is_ok());
        assert!(p.check(sa("127.0.0.1:6380")).is_err());
        assert!(p.check(sa("169.254.169.254:80")).is_ok());
        let v6 = NetPolicy::new(["[::1]:8080".parse().unwrap()]);
        assert!(v6.check(sa("[::1]:8080")).is_ok());
        assert!(v6.check(sa("[::1]:8081")).is_err());
    }

    #[test]
    fn rules_parse_and_print_back() {
        for s in ["127.0.0.1:6379", "10.0.0.0/8", "[::1]:8080", "169.254.169.254", "fd00::/8", "[fd00::/8]:53"] {
            assert_eq!(s.parse::<NetRule>().unwrap().to_string(), s);
        }
        for bad in ["localhost:80", "1.2.3.4:99999", "[::1", "10.0.0.0/40", ""] {
            let e = bad.parse::<NetRule>().unwrap_err().to_string();
            assert!(e.contains("invalid network rule"), "{e}");
        }
    }

    #[test]
    fn a_refusal_says_what_and_how_to_allow() {
        let e = NetPolicy::default().check(sa("169.254.169.254:80")).unwrap_err().to_string();
        assert!(e.contains("169.254.169.254:80") && e.contains("--allow-net"), "{e}");
    }
}
