//! The host's side of a Python worker's network policy: the worker's seccomp filter suspends each
//! `connect` (and `sendto` with an address) and hands it here; this thread reads the address from
//! the worker's memory, checks it against the app's [`NetPolicy`], and, when it is allowed, makes
//! the call itself on a duplicate of the worker's socket (`pidfd_getfd`), with the address it
//! checked. The worker never gets the kernel to re-read an address it could have changed in the
//! meantime (why `SECCOMP_USER_NOTIF_FLAG_CONTINUE` is not used), so the check cannot be raced.
//!
//! Refused calls fail with `EACCES` (Python: `PermissionError`). Unix-domain sockets by path are
//! refused too (a host socket such as a container runtime's would be an escape); abstract ones are
//! kept inside the worker's own Landlock domain by the kernel.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::{Arc, OnceLock};

use laf_host::NetPolicy;

// <linux/seccomp.h>: _IOWR('!', 0, struct seccomp_notif), _IOWR('!', 1, struct
// seccomp_notif_resp), _IOW('!', 2, __u64).
const NOTIF_RECV: libc::c_ulong = 0xc050_2100;
const NOTIF_SEND: libc::c_ulong = 0xc018_2101;
const NOTIF_ID_VALID: libc::c_ulong = 0x4008_2102;

/// The least time between two warnings of refused connections from one worker.
const WARNING_INTERVAL: std::time::Duration = std::time::Duration::from_secs(10);

/// Largest `sendto` payload the host copies in one call (a datagram's maximum, with room).
const MAX_SEND: usize = 1 << 17;

/// Serves the notifications of one worker's filter until the worker is gone.
pub(crate) fn watch(listener: OwnedFd, pid: u32, app: String, policy: Arc<NetPolicy>) -> std::io::Result<()> {
    // SAFETY: pidfd_open on a pid we forked and have not reaped: it names our worker.
    let pidfd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid as libc::pid_t, 0) };
    if pidfd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: the kernel just returned it.
    let pidfd = Arc::new(unsafe { OwnedFd::from_raw_fd(pidfd as RawFd) });
    let listener = Arc::new(listener);
    std::thread::Builder::new().name("laf-python-net".into()).spawn(move || {
        // One warning per worker per interval: a function probing in a loop must not make the host
        // format and write a line per attempt (the count of the others is in the next one).
        let mut next_warning = std::time::Instant::now();
        let mut unreported = 0u64;
        while let Some(req) = next(&listener) {
            let call = Call { listener: listener.clone(), pidfd: pidfd.clone(), pid, req };
            match call.decide(&policy) {
                Decision::Refuse(why) => {
                    // Unix sockets by path are mostly the C library looking for nscd: not news.
                    if why.starts_with("connection") {
                        let now = std::time::Instant::now();
                        if now >= next_warning {
                            let more = if unreported > 0 {
                                format!(" ({unreported} more since the last warning)")
                            } else {
                                String::new()
                            };
                            tracing::warn!(app = %app, pid, "python worker connection refused: {why}{more}");
                            next_warning = now + WARNING_INTERVAL;
                            unreported = 0;
                        } else {
                            unreported += 1;
                        }
                    } else {
                        tracing::debug!(app = %app, pid, "python worker connection refused: {why}");
                    }
                    call.answer(0, libc::EACCES);
                }
                Decision::Fail(errno) => call.answer(0, errno),
                // A blocking connect may take long: never hold up the worker's other threads.
                Decision::Perform(op) => {
                    let _ = std::thread::Builder::new().name("laf-python-connect".into()).spawn(move || {
                        let (val, errno) = call.perform(&op);
                        call.answer(val, errno);
                    });
                }
            }
        }
    })?;
    Ok(())
}

/// The next notification; `None` once the worker has exited.
fn next(listener: &OwnedFd) -> Option<libc::seccomp_notif> {
    loop {
        let mut fds = libc::pollfd { fd: listener.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: one valid pollfd.
        let n = unsafe { libc::poll(&mut fds, 1, -1) };
        if n < 0 {
            if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return None;
        }
        if fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 && fds.revents & libc::POLLIN == 0 {
            return None;
        }
        // SAFETY: the kernel fills a zeroed struct of the size the ioctl number names.
        let mut req: libc::seccomp_notif = unsafe { std::mem::zeroed() };
        if unsafe { libc::ioctl(listener.as_raw_fd(), NOTIF_RECV as _, &mut req) } == 0 {
            return Some(req);
        }
        match std::io::Error::last_os_error().raw_os_error() {
            // The calling thread was interrupted, or died, between poll and receive.
            Some(libc::ENOENT) | Some(libc::EINTR) => continue,
            _ => return None,
        }
    }
}

enum Decision {
    Refuse(String),
    Fail(i32),
    Perform(Op),
}

enum Op {
    Connect { fd: i32, addr: Vec<u8> },
    SendTo { fd: i32, data: Vec<u8>, flags: i32, addr: Vec<u8> },
}

struct Call {
    listener: Arc<OwnedFd>,
    pidfd: Arc<OwnedFd>,
    pid: u32,
    req: libc::seccomp_notif,
}

impl Call {
    fn decide(&self, policy: &NetPolicy) -> Decision {
        let args = self.req.data.args;
        let (fd, addr_ptr, addr_len) = match self.req.data.nr as libc::c_long {
            libc::SYS_connect => (args[0] as i32, args[1], args[2] as usize),
            libc::SYS_sendto => (args[0] as i32, args[4], args[5] as usize),
            _ => return Decision::Fail(libc::ENOSYS),
        };
        if addr_len > std::mem::size_of::<libc::sockaddr_storage>() {
            return Decision::Fail(libc::EINVAL);
        }
        let Ok(addr) = self.read(addr_ptr, addr_len) else {
            return Decision::Fail(libc::EFAULT);
        };
        // The memory read was the calling thread's only if its call is still pending.
        if !self.valid() {
            return Decision::Fail(libc::EINTR);
        }
        match sockaddr(&addr) {
            Family::Unspec => {}
            Family::Ip(target) => {
                if let Err(denied) = allowed(policy, target) {
                    return Decision::Refuse(denied);
                }
            }
            Family::Unix => return Decision::Refuse("a Unix socket by path".into()),
            Family::Other(f) => return Decision::Refuse(format!("socket family {f}")),
            Family::Invalid => return Decision::Fail(libc::EINVAL),
        }
        if self.req.data.nr as libc::c_long == libc::SYS_connect {
            return Decision::Perform(Op::Connect { fd, addr });
        }
        let len = (args[2] as usize).min(MAX_SEND);
        let Ok(data) = self.read(args[1], len) else {
            return Decision::Fail(libc::EFAULT);
        };
        if !self.valid() {
            return Decision::Fail(libc::EINTR);
        }
        Decision::Perform(Op::SendTo { fd, data, flags: args[3] as i32, addr })
    }

    fn read(&self, ptr: u64, len: usize) -> std::io::Result<Vec<u8>> {
        let mut buf = vec![0u8; len];
        if len == 0 {
            return Ok(buf);
        }
        let local = libc::iovec { iov_base: buf.as_mut_ptr() as *mut libc::c_void, iov_len: len };
        let remote = libc::iovec { iov_base: ptr as *mut libc::c_void, iov_len: len };
        // SAFETY: copies at most `len` bytes into `buf`, which has them.
        let n = unsafe { libc::process_vm_readv(self.pid as libc::pid_t, &local, 1, &remote, 1, 0) };
        if n != len as isize {
            return Err(std::io::Error::last_os_error());
        }
        Ok(buf)
    }

    fn valid(&self) -> bool {
        let mut id = self.req.id;
        // SAFETY: the ioctl reads one u64.
        unsafe { libc::ioctl(self.listener.as_raw_fd(), NOTIF_ID_VALID as _, &mut id) == 0 }
    }

    /// Does the call on a duplicate of the worker's socket; its result and errno.
    fn perform(&self, op: &Op) -> (i64, i32) {
        let fd = match op {
            Op::Connect { fd, .. } | Op::SendTo { fd, .. } => *fd,
        };
        // SAFETY: pidfd_getfd duplicates the worker's descriptor into this process.
        let dup = unsafe { libc::syscall(libc::SYS_pidfd_getfd, self.pidfd.as_raw_fd(), fd, 0) };
        if dup < 0 {
            return (0, std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EBADF));
        }
        // SAFETY: the kernel just returned it; it closes when this returns.
        let dup = unsafe { OwnedFd::from_raw_fd(dup as RawFd) };
        // SAFETY: the address bytes are a sockaddr the kernel will validate; the buffers outlive
        // the calls.
        let rc = unsafe {
            match op {
                Op::Connect { addr, .. } => {
                    libc::connect(dup.as_raw_fd(), addr.as_ptr() as *const libc::sockaddr, addr.len() as u32) as i64
                }
                Op::SendTo { data, flags, addr, .. } => libc::sendto(
                    dup.as_raw_fd(),
                    data.as_ptr() as *const libc::c_void,
                    data.len(),
                    *flags | libc::MSG_NOSIGNAL,
                    addr.as_ptr() as *const libc::sockaddr,
                    addr.len() as u32,
                ) as i64,
            }
        };
        if rc < 0 { (0, std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO)) } else { (rc, 0) }
    }

    fn answer(&self, val: i64, errno: i32) {
        let mut resp = libc::seccomp_notif_resp { id: self.req.id, val, error: -errno, flags: 0 };
        // SAFETY: the ioctl reads the struct; failure means the call is gone (thread killed).
        unsafe { libc::ioctl(self.listener.as_raw_fd(), NOTIF_SEND as _, &mut resp) };
    }
}

enum Family {
    Unspec,
    Ip(SocketAddr),
    Unix,
    Other(i32),
    Invalid,
}

fn sockaddr(raw: &[u8]) -> Family {
    if raw.len() < 2 {
        return Family::Invalid;
    }
    let family = i32::from(u16::from_ne_bytes([raw[0], raw[1]]));
    match family {
        libc::AF_UNSPEC => Family::Unspec,
        libc::AF_UNIX => Family::Unix,
        libc::AF_INET if raw.len() >= 8 => {
            let port = u16::from_be_bytes([raw[2], raw[3]]);
            Family::Ip(SocketAddr::new(IpAddr::V4(Ipv4Addr::new(raw[4], raw[5], raw[6], raw[7])), port))
        }
        libc::AF_INET6 if raw.len() >= 24 => {
            let port = u16::from_be_bytes([raw[2], raw[3]]);
            let mut octets = [0u8; 16];
            octets.copy_from_slice(&raw[8..24]);
            Family::Ip(SocketAddr::new(IpAddr::V6(Ipv6Addr::from(octets)), port))
        }
        libc::AF_INET | libc::AF_INET6 => Family::Invalid,
        other => Family::Other(other),
    }
}

/// The policy, plus the system's name servers on port 53 (name resolution in the worker goes to
/// them, often on loopback: a local stub resolver).
fn allowed(policy: &NetPolicy, target: SocketAddr) -> Result<(), String> {
    if target.port() == 53 && resolvers().contains(&target.ip()) {
        return Ok(());
    }
    policy.check(target).map_err(|e| e.to_string())
}

fn resolvers() -> &'static [IpAddr] {
    static LIST: OnceLock<Vec<IpAddr>> = OnceLock::new();
    LIST.get_or_init(|| {
        let text = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
        text.lines()
            .filter_map(|l| l.trim().strip_prefix("nameserver"))
            .filter_map(|rest| rest.trim().split('%').next()?.parse().ok())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_addresses_parse_as_the_kernel_lays_them_out() {
        let mut v4 = vec![0u8; 16];
        v4[..2].copy_from_slice(&(libc::AF_INET as u16).to_ne_bytes());
        v4[2..4].copy_from_slice(&8000u16.to_be_bytes());
        v4[4..8].copy_from_slice(&[127, 0, 0, 1]);
        assert!(matches!(sockaddr(&v4), Family::Ip(a) if a == "127.0.0.1:8000".parse().unwrap()));
        let mut v6 = vec![0u8; 28];
        v6[..2].copy_from_slice(&(libc::AF_INET6 as u16).to_ne_bytes());
        v6[2..4].copy_from_slice(&443u16.to_be_bytes());
        v6[8..24].copy_from_slice(&"::ffff:169.254.169.254".parse::<Ipv6Addr>().unwrap().octets());
        let Family::Ip(a) = sockaddr(&v6) else { panic!("not parsed") };
        assert!(NetPolicy::default().check(a).is_err(), "a mapped metadata address is refused");
        assert!(matches!(sockaddr(&(libc::AF_UNIX as u16).to_ne_bytes()), Family::Unix));
        assert!(matches!(sockaddr(&v4[..6]), Family::Invalid));
    }
}
