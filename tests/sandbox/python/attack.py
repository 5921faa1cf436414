# An attacker's function: each probe tries to reach what belongs to the host or to another app,
# and reports what happened ("ok ..." when it got through, else the exception's type and errno).
import ctypes
import errno
import os
import socket
import time


def attempt(probe):
    try:
        return "ok " + repr(probe())[:200]
    except OSError as e:
        return f"{type(e).__name__} {errno.errorcode.get(e.errno, e.errno)}"
    except BaseException as e:  # noqa: BLE001 - the report is the point
        return f"{type(e).__name__} {e}"


def read(path, n=64):
    with open(path, "rb") as f:
        return f.read(n)


def connect(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(3)
    try:
        s.connect((host, port))
        return "connected"
    finally:
        s.close()


def fork_bomb():
    # Children linger a little then leave: the point is how many the sandbox lets exist at once.
    started = 0
    while started < 1000:
        try:
            pid = os.fork()
        except OSError as e:
            return {"started": started, "stopped_by": errno.errorcode.get(e.errno, e.errno)}
        if pid == 0:
            time.sleep(3)
            os._exit(0)
        started += 1
    return {"started": started, "stopped_by": None}


def main(ctx):
    q = ctx.query
    data, host, port = q["data"], int(q["host"]), int(q["port"])
    libc = ctypes.CDLL(None, use_errno=True)

    def ptrace_attach():
        if libc.ptrace(16, host, None, None) == -1:  # PTRACE_ATTACH
            raise OSError(ctypes.get_errno(), "ptrace")
        return "attached"

    def unshare_user_ns():
        if libc.unshare(0x10000000) == -1:  # CLONE_NEWUSER
            raise OSError(ctypes.get_errno(), "unshare")
        return "unshared"

    probes = {
        "admin_token": lambda: read(f"{data}/admin-token"),
        "database": lambda: read(f"{data}/data.redb"),
        "data_dir_listing": lambda: os.listdir(data),
        "storage_listing": lambda: os.listdir(f"{data}/storage"),
        "other_app_site": lambda: read(f"{data}/python/{q['victim']}/site/victim_secret.py"),
        "other_app_site_listing": lambda: os.listdir(f"{data}/python/{q['victim']}/site"),
        "other_app_upload": lambda: read(q["upload"]),
        "other_app_uploads_listing": lambda: os.listdir(f"{data}/uploads/{q['victim']}"),
        "other_app_scratch": lambda: os.listdir(f"{data}/python/{q['victim']}/tmp"),
        "host_environ": lambda: read(f"/proc/{host}/environ"),
        "host_mem": lambda: read(f"/proc/{host}/mem"),
        "sibling_environ": lambda: read(f"/proc/{q['sibling']}/environ"),
        "sibling_cmdline": lambda: read(f"/proc/{q['sibling']}/cmdline"),
        "write_outside_scratch": lambda: open("/tmp/laf-sandbox-escape", "w").write("x"),
        "ptrace_host": ptrace_attach,
        "signal_host": lambda: os.kill(host, 0),
        "signal_sibling": lambda: os.kill(int(q["sibling"]), 0),
        "setuid_root": lambda: os.setuid(0),
        "unshare_user_ns": unshare_user_ns,
        "host_port": lambda: connect("127.0.0.1", port),
        "metadata": lambda: connect("169.254.169.254", 80),
        "fork_bomb": fork_bomb,
    }
    return {name: attempt(probe) for name, probe in probes.items()}
