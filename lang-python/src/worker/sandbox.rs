//! The worker's side of the sandbox: what it does to itself before the interpreter starts.
//!
//! The host describes the confinement in [`POLICY_ENV`] (see `crate::sandbox::Policy`); the
//! worker, still single-threaded and before any function code exists in it, applies it in this
//! order: resource limits, the drop to an unprivileged uid/gid (when the host runs as root),
//! Landlock (filesystem, abstract Unix sockets, signals), then seccomp (a deny list, and the
//! filter that hands `connect` calls to the host, which checks the app's network policy).
//! Any step that fails ends the worker: a worker is never left running less confined than asked.

use std::collections::BTreeMap;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;

use landlock::{
    ABI, Access, AccessFs, CompatLevel, Compatible, Ruleset, RulesetAttr, RulesetCreatedAttr, RulesetStatus, Scope,
    path_beneath_rules,
};
use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter, SeccompRule,
};

/// The environment variable that carries the policy from host to worker (removed on read).
pub const POLICY_ENV: &str = "LAF_SANDBOX";

/// The descriptor on which a worker sends the host its seccomp listener (when `net` is asked).
pub const LISTENER_FD: i32 = 4;

/// `SECCOMP_RET_TRACE` with this data marks the rules whose action becomes `SECCOMP_RET_USER_NOTIF`
/// (seccompiler has no such action; the compiled program is patched).
const NOTIFY_MARK: u32 = 0x1af;

#[derive(Debug, Default)]
struct Policy {
    read: Vec<PathBuf>,
    write: Vec<PathBuf>,
    uid: Option<u32>,
    gid: Option<u32>,
    nproc: Option<u64>,
    net: bool,
    landlock: bool,
}

fn parse(text: &str) -> Result<Policy, String> {
    let mut p = Policy::default();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        let num = || value.parse::<u64>().map_err(|_| format!("bad number in sandbox policy line {line:?}"));
        match key {
            "ro" => p.read.push(value.into()),
            "rw" => p.write.push(value.into()),
            "uid" => p.uid = Some(num()? as u32),
            "gid" => p.gid = Some(num()? as u32),
            "nproc" => p.nproc = Some(num()?),
            "net" => p.net = true,
            "landlock" => p.landlock = true,
            _ => return Err(format!("unknown sandbox policy line {line:?}")),
        }
    }
    Ok(p)
}

/// Confines this process as the host asked; does nothing when it asked nothing.
pub(crate) fn enter() -> Result<(), String> {
    let Some(text) = std::env::var_os(POLICY_ENV) else {
        return Ok(());
    };
    // SAFETY: the worker is single-threaded here (before the interpreter starts).
    unsafe { std::env::remove_var(POLICY_ENV) };
    let policy = parse(&text.to_string_lossy())?;
    limits(&policy)?;
    drop_privileges(&policy)?;
    if policy.landlock {
        landlock(&policy)?;
    }
    deny_syscalls()?;
    if policy.net {
        hand_connect_to_host()?;
    }
    Ok(())
}

fn os_err(what: &str) -> String {
    format!("{what}: {}", std::io::Error::last_os_error())
}

fn limits(policy: &Policy) -> Result<(), String> {
    let set = |resource, value: u64| {
        let rl = libc::rlimit { rlim_cur: value as libc::rlim_t, rlim_max: value as libc::rlim_t };
        // SAFETY: plain syscall on a local struct.
        if unsafe { libc::setrlimit(resource, &rl) } < 0 { Err(os_err("setrlimit")) } else { Ok(()) }
    };
    // No core files: a crash must not write the interpreter's memory (the call's data) to disk.
    set(libc::RLIMIT_CORE, 0)?;
    if let Some(extra) = policy.nproc {
        // RLIMIT_NPROC counts every task of the real uid: what runs now plus the budget.
        // SAFETY: getuid cannot fail.
        let uid = policy.uid.unwrap_or_else(|| unsafe { libc::getuid() });
        set(libc::RLIMIT_NPROC, tasks_of(uid) + extra)?;
    }
    Ok(())
}

/// Threads (tasks) whose real uid is `uid`, as RLIMIT_NPROC counts them.
fn tasks_of(uid: u32) -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    let mut total = 0;
    for entry in dir.flatten() {
        if !entry.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        let field = |name: &str| {
            status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.split_whitespace().next()?.parse().ok())
        };
        if field("Uid:") == Some(u64::from(uid)) {
            total += field("Threads:").unwrap_or(1);
        }
    }
    total
}

fn drop_privileges(policy: &Policy) -> Result<(), String> {
    let Some(uid) = policy.uid else {
        return Ok(());
    };
    let gid = policy.gid.unwrap_or(uid);
    // SAFETY: plain syscalls; order matters (groups and gid while still privileged).
    unsafe {
        if libc::setgroups(0, std::ptr::null()) < 0 {
            return Err(os_err("setgroups"));
        }
        if libc::setresgid(gid, gid, gid) < 0 {
            return Err(os_err("setresgid"));
        }
        if libc::setresuid(uid, uid, uid) < 0 {
            return Err(os_err("setresuid"));
        }
        if libc::getuid() != uid || libc::geteuid() != uid || libc::setuid(0) == 0 {
            return Err("the uid drop did not hold".into());
        }
    }
    Ok(())
}

fn landlock(policy: &Policy) -> Result<(), String> {
    let abi = ABI::V6;
    let fail = |e: landlock::RulesetError| format!("landlock: {e}");
    let status = Ruleset::default()
        // Best effort for rights a kernel lacks (older ABIs), hard failure when nothing holds.
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(AccessFs::from_all(abi))
        .map_err(fail)?
        .scope(Scope::from_all(abi))
        .map_err(fail)?
        .create()
        .map_err(fail)?
        .add_rules(path_beneath_rules(&policy.read, AccessFs::from_read(abi)))
        .map_err(fail)?
        .add_rules(path_beneath_rules(&policy.write, AccessFs::from_all(abi)))
        .map_err(fail)?
        .restrict_self()
        .map_err(fail)?;
    if status.ruleset == RulesetStatus::NotEnforced {
        return Err("landlock is not enforced by this kernel".into());
    }
    Ok(())
}

/// Syscalls no cloud function needs and a sandbox escape would: they fail with EPERM.
fn denied_syscalls() -> Vec<i64> {
    let mut list = vec![
        libc::SYS_ptrace,
        libc::SYS_process_vm_readv,
        libc::SYS_process_vm_writev,
        libc::SYS_mount,
        libc::SYS_umount2,
        libc::SYS_pivot_root,
        libc::SYS_chroot,
        libc::SYS_unshare,
        libc::SYS_setns,
        libc::SYS_bpf,
        libc::SYS_perf_event_open,
        libc::SYS_kexec_load,
        libc::SYS_kexec_file_load,
        libc::SYS_init_module,
        libc::SYS_finit_module,
        libc::SYS_delete_module,
        libc::SYS_keyctl,
        libc::SYS_add_key,
        libc::SYS_request_key,
        libc::SYS_personality,
        libc::SYS_userfaultfd,
        libc::SYS_open_by_handle_at,
        libc::SYS_name_to_handle_at,
        libc::SYS_swapon,
        libc::SYS_swapoff,
        libc::SYS_reboot,
        libc::SYS_syslog,
        libc::SYS_acct,
        libc::SYS_quotactl,
        libc::SYS_move_mount,
        libc::SYS_open_tree,
        libc::SYS_fsopen,
        libc::SYS_fsmount,
        libc::SYS_fsconfig,
        libc::SYS_fspick,
        libc::SYS_mount_setattr,
        libc::SYS_pidfd_getfd,
        // io_uring performs connect and open without passing through these filters.
        libc::SYS_io_uring_setup,
        libc::SYS_io_uring_enter,
        libc::SYS_io_uring_register,
        // A worker's children stay in its process group, which the host kills with it.
        libc::SYS_setsid,
        libc::SYS_setpgid,
    ];
    #[cfg(target_arch = "x86_64")]
    list.extend([libc::SYS_iopl, libc::SYS_ioperm, libc::SYS_modify_ldt, libc::SYS_uselib]);
    list
}

fn arch() -> Result<seccompiler::TargetArch, String> {
    std::env::consts::ARCH.try_into().map_err(|e| format!("seccomp: {e:?}"))
}

fn compile(rules: BTreeMap<i64, Vec<SeccompRule>>, matched: SeccompAction) -> Result<BpfProgram, String> {
    let filter =
        SeccompFilter::new(rules, SeccompAction::Allow, matched, arch()?).map_err(|e| format!("seccomp: {e}"))?;
    filter.try_into().map_err(|e: seccompiler::BackendError| format!("seccomp: {e}"))
}

// `Qword` for pointers and `unsigned long` flags, `Dword` for `int` flags (whose upper half a
// caller may leave unset).
fn cond(arg: u8, len: SeccompCmpArgLen, op: SeccompCmpOp, value: u64) -> Result<SeccompCondition, String> {
    SeccompCondition::new(arg, len, op, value).map_err(|e| format!("seccomp: {e}"))
}

fn deny_syscalls() -> Result<(), String> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = denied_syscalls().into_iter().map(|nr| (nr, vec![])).collect();
    // clone with a namespace flag is unshare by another name.
    let namespaces = [
        libc::CLONE_NEWUSER,
        libc::CLONE_NEWNS,
        libc::CLONE_NEWNET,
        libc::CLONE_NEWPID,
        libc::CLONE_NEWIPC,
        libc::CLONE_NEWUTS,
        libc::CLONE_NEWCGROUP,
    ];
    let mut clone = Vec::new();
    for flag in namespaces {
        let flag = flag as u64;
        clone.push(
            SeccompRule::new(vec![cond(0, SeccompCmpArgLen::Qword, SeccompCmpOp::MaskedEq(flag), flag)?])
                .map_err(|e| e.to_string())?,
        );
    }
    rules.insert(libc::SYS_clone, clone);
    // TCP Fast Open connects inside sendto/sendmsg: sendto is handed to the host below, sendmsg
    // with the flag is refused.
    let fastopen = libc::MSG_FASTOPEN as u64;
    rules.insert(
        libc::SYS_sendmsg,
        vec![
            SeccompRule::new(vec![cond(2, SeccompCmpArgLen::Dword, SeccompCmpOp::MaskedEq(fastopen), fastopen)?])
                .map_err(|e| e.to_string())?,
        ],
    );
    rules.insert(
        libc::SYS_sendmmsg,
        vec![
            SeccompRule::new(vec![cond(3, SeccompCmpArgLen::Dword, SeccompCmpOp::MaskedEq(fastopen), fastopen)?])
                .map_err(|e| e.to_string())?,
        ],
    );
    let deny = compile(rules, SeccompAction::Errno(libc::EPERM as u32))?;
    // clone3 passes its flags in memory a filter cannot read: ENOSYS makes libc fall back to clone.
    let clone3 = compile(BTreeMap::from([(libc::SYS_clone3, vec![])]), SeccompAction::Errno(libc::ENOSYS as u32))?;
    for program in [&deny, &clone3] {
        seccompiler::apply_filter(program).map_err(|e| format!("seccomp: {e}"))?;
    }
    Ok(())
}

/// Installs the filter that suspends `connect` (and `sendto` with an address) until the host has
/// checked the address and made the connection itself, and sends the host the listener.
fn hand_connect_to_host() -> Result<(), String> {
    let mut rules = BTreeMap::new();
    rules.insert(libc::SYS_connect, vec![]);
    // sendto(fd, buf, len, flags, addr, addrlen): only with an address.
    rules.insert(
        libc::SYS_sendto,
        vec![
            SeccompRule::new(vec![cond(4, SeccompCmpArgLen::Qword, SeccompCmpOp::Ne, 0)?])
                .map_err(|e| e.to_string())?,
        ],
    );
    let mut program = compile(rules, SeccompAction::Trace(NOTIFY_MARK))?;
    let marked = libc::SECCOMP_RET_TRACE | NOTIFY_MARK;
    let ret_k = (libc::BPF_RET | libc::BPF_K) as u16;
    let mut patched = 0;
    for insn in program.iter_mut() {
        if insn.code == ret_k && insn.k == marked {
            insn.k = libc::SECCOMP_RET_USER_NOTIF;
            patched += 1;
        }
    }
    if patched == 0 {
        return Err("seccomp: the notify rule was not found in the compiled filter".into());
    }
    let prog = libc::sock_fprog { len: program.len() as u16, filter: program.as_ptr() as *mut libc::sock_filter };
    // SAFETY: `prog` points at `program`, alive across the call; seccomp copies it.
    let listener = unsafe {
        libc::syscall(
            libc::SYS_seccomp,
            libc::SECCOMP_SET_MODE_FILTER,
            libc::SECCOMP_FILTER_FLAG_NEW_LISTENER,
            &prog as *const libc::sock_fprog,
        )
    };
    if listener < 0 {
        return Err(os_err("seccomp listener"));
    }
    // SAFETY: the kernel just returned this descriptor to us.
    let listener = unsafe { OwnedFd::from_raw_fd(listener as i32) };
    // SAFETY: the host passes the side socket as this descriptor, owned by nothing else here.
    let side = unsafe { UnixStream::from_raw_fd(LISTENER_FD) };
    crate::fdpass::send_fd(&side, listener.as_raw_fd())
        .map_err(|e| format!("cannot hand the seccomp listener to the host: {e}"))?;
    // Both close here: function code never holds the listener (it could answer its own calls).
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_lines_parse() {
        let p = parse("ro /usr\nrw /tmp/x\nuid 65534\ngid 65534\nnproc 64\nnet\nlandlock\n").unwrap();
        assert_eq!(p.read, vec![PathBuf::from("/usr")]);
        assert_eq!(p.write, vec![PathBuf::from("/tmp/x")]);
        assert_eq!((p.uid, p.gid, p.nproc, p.net, p.landlock), (Some(65534), Some(65534), Some(64), true, true));
        assert!(parse("chmod 777").is_err());
    }

    #[test]
    fn the_filters_compile_for_this_machine() {
        let mut rules: BTreeMap<i64, Vec<SeccompRule>> = denied_syscalls().into_iter().map(|nr| (nr, vec![])).collect();
        rules.insert(
            libc::SYS_sendto,
            vec![SeccompRule::new(vec![cond(4, SeccompCmpArgLen::Qword, SeccompCmpOp::Ne, 0).unwrap()]).unwrap()],
        );
        let program = compile(rules, SeccompAction::Trace(NOTIFY_MARK)).unwrap();
        let marked = libc::SECCOMP_RET_TRACE | NOTIFY_MARK;
        assert!(program.iter().any(|i| i.k == marked), "the notify mark survives compilation");
    }
}
