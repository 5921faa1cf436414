//! Passing one file descriptor over a Unix socket (`SCM_RIGHTS`): a sandboxed worker hands the
//! host its seccomp listener this way (`worker::sandbox` sends, `process` receives).

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::net::UnixStream;

/// A message of one byte carrying one descriptor: the header points into `self`'s buffers.
struct Message {
    byte: [u8; 1],
    iov: libc::iovec,
    control: Vec<u8>,
    msg: libc::msghdr,
}

impl Message {
    fn new() -> Box<Message> {
        // SAFETY: CMSG_SPACE is a pure computation; msghdr and iovec are plain data.
        let space = unsafe { libc::CMSG_SPACE(std::mem::size_of::<i32>() as u32) } as usize;
        let mut m = Box::new(Message {
            byte: [1],
            iov: libc::iovec { iov_base: std::ptr::null_mut(), iov_len: 1 },
            control: vec![0u8; space],
            msg: unsafe { std::mem::zeroed() },
        });
        // Boxed: the pointers below stay valid while the box lives.
        m.iov.iov_base = m.byte.as_mut_ptr() as *mut libc::c_void;
        m.msg.msg_iov = &mut m.iov;
        m.msg.msg_iovlen = 1;
        m.msg.msg_control = m.control.as_mut_ptr() as *mut libc::c_void;
        m.msg.msg_controllen = space as _;
        m
    }
}

/// Sends `fd` on `sock`.
pub(crate) fn send_fd(sock: &UnixStream, fd: i32) -> std::io::Result<()> {
    let m = Message::new();
    // SAFETY: the control buffer has room for one descriptor's header and data (CMSG_SPACE).
    unsafe {
        let cmsg = libc::CMSG_FIRSTHDR(&m.msg);
        (*cmsg).cmsg_level = libc::SOL_SOCKET;
        (*cmsg).cmsg_type = libc::SCM_RIGHTS;
        (*cmsg).cmsg_len = libc::CMSG_LEN(std::mem::size_of::<i32>() as u32) as _;
        std::ptr::write_unaligned(libc::CMSG_DATA(cmsg) as *mut i32, fd);
        if libc::sendmsg(sock.as_raw_fd(), &m.msg, 0) < 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Receives a descriptor sent on `sock` (waiting up to the socket's read timeout).
pub(crate) fn receive_fd(sock: &UnixStream) -> std::io::Result<OwnedFd> {
    let mut m = Message::new();
    // SAFETY: recvmsg writes into the message's buffers; the descriptor read out of the control
    // message is one the kernel just installed in this process.
    unsafe {
        let n = libc::recvmsg(sock.as_raw_fd(), &mut m.msg, libc::MSG_CMSG_CLOEXEC);
        if n < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let cmsg = libc::CMSG_FIRSTHDR(&m.msg);
        if n == 0 || cmsg.is_null() || (*cmsg).cmsg_type != libc::SCM_RIGHTS {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no descriptor was sent"));
        }
        Ok(OwnedFd::from_raw_fd(std::ptr::read_unaligned(libc::CMSG_DATA(cmsg) as *const i32)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_descriptor_crosses_a_socket_pair() {
        let (a, b) = UnixStream::pair().unwrap();
        let (mut x, y) = UnixStream::pair().unwrap();
        send_fd(&a, y.as_raw_fd()).unwrap();
        let got = receive_fd(&b).unwrap();
        // What goes into x comes out of the received copy of y.
        std::io::Write::write_all(&mut x, b"ok").unwrap();
        let mut buf = [0u8; 2];
        std::io::Read::read_exact(&mut UnixStream::from(got), &mut buf).unwrap();
        assert_eq!(&buf, b"ok");
    }
}
