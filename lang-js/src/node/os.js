// node:os — facts about the host from the runtime (native.info()); networkInterfaces() is {}, userInfo() is a fixed sandbox user, cpu times are zero, get/setPriority throw.
(function (exports, require, module, native) {
  'use strict';

  const info = () => (native && native.info ? native.info() : {});

  // Node's os functions that return one value also convert to it (`${os.hostname}`).
  function valued(fn) {
    fn[Symbol.toPrimitive] = () => fn();
    return fn;
  }

  const MACHINES = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i686', arm: 'armv7l', ppc64: 'ppc64le', loong64: 'loongarch64' };

  const arch = valued(() => info().arch || 'x64');
  const platform = valued(() => info().platform || 'linux');
  const type = valued(() => info().type || 'Linux');
  const release = valued(() => info().release || '');
  const version = valued(() => {
    const i = info();
    return i.version || `${i.type || 'Linux'} ${i.release || ''}`.trim();
  });
  const machine = valued(() => {
    const i = info();
    if (i.machine) return i.machine;
    const a = i.arch || 'x64';
    return MACHINES[a] || a;
  });
  const hostname = valued(() => info().hostname || 'localhost');
  const homedir = valued(() => info().homedir || '/');
  const tmpdir = valued(() => {
    let t = info().tmpdir || '/tmp';
    if (t.length > 1 && t.endsWith('/')) t = t.slice(0, -1);
    return t;
  });
  const totalmem = valued(() => info().totalmem || 0);
  const freemem = valued(() => info().freemem || 0);
  const uptime = valued(() => info().uptime || 0);
  const endianness = valued(() => info().endianness || 'LE');

  function cpus() {
    return (info().cpus || []).map((c) => ({
      model: c.model,
      speed: c.speed,
      times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 },
    }));
  }
  const availableParallelism = valued(() => (info().cpus || []).length || 1);

  function loadavg() {
    const l = info().loadavg;
    return Array.isArray(l) && l.length === 3 ? l.slice() : [0, 0, 0];
  }

  function networkInterfaces() { return {}; }

  function userInfo() {
    return { __proto__: null, uid: -1, gid: -1, username: 'laf', homedir: homedir(), shell: null };
  }

  function unavailable(name) {
    const e = new Error(`os.${name} is not available to cloud functions`);
    e.code = 'ERR_NOT_AVAILABLE';
    return e;
  }
  function getPriority() { throw unavailable('getPriority'); }
  function setPriority() { throw unavailable('setPriority'); }

  const constants = {
    __proto__: null,
    UV_UDP_REUSEADDR: 4,
    dlopen: { __proto__: null, RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 },
    errno: {
      __proto__: null,
      E2BIG: 7, EACCES: 13, EADDRINUSE: 98, EADDRNOTAVAIL: 99, EAFNOSUPPORT: 97, EAGAIN: 11, EALREADY: 114,
      EBADF: 9, EBADMSG: 74, EBUSY: 16, ECANCELED: 125, ECHILD: 10, ECONNABORTED: 103, ECONNREFUSED: 111,
      ECONNRESET: 104, EDEADLK: 35, EDESTADDRREQ: 89, EDOM: 33, EDQUOT: 122, EEXIST: 17, EFAULT: 14, EFBIG: 27,
      EHOSTUNREACH: 113, EIDRM: 43, EILSEQ: 84, EINPROGRESS: 115, EINTR: 4, EINVAL: 22, EIO: 5, EISCONN: 106,
      EISDIR: 21, ELOOP: 40, EMFILE: 24, EMLINK: 31, EMSGSIZE: 90, EMULTIHOP: 72, ENAMETOOLONG: 36, ENETDOWN: 100,
      ENETRESET: 102, ENETUNREACH: 101, ENFILE: 23, ENOBUFS: 105, ENODATA: 61, ENODEV: 19, ENOENT: 2, ENOEXEC: 8,
      ENOLCK: 37, ENOLINK: 67, ENOMEM: 12, ENOMSG: 42, ENOPROTOOPT: 92, ENOSPC: 28, ENOSR: 63, ENOSTR: 60,
      ENOSYS: 38, ENOTCONN: 107, ENOTDIR: 20, ENOTEMPTY: 39, ENOTSOCK: 88, ENOTSUP: 95, ENOTTY: 25, ENXIO: 6,
      EOPNOTSUPP: 95, EOVERFLOW: 75, EPERM: 1, EPIPE: 32, EPROTO: 71, EPROTONOSUPPORT: 93, EPROTOTYPE: 91,
      ERANGE: 34, EROFS: 30, ESPIPE: 29, ESRCH: 3, ESTALE: 116, ETIME: 62, ETIMEDOUT: 110, ETXTBSY: 26,
      EWOULDBLOCK: 11, EXDEV: 18,
    },
    signals: {
      __proto__: null,
      SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8,
      SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17,
      SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24,
      SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
    },
    priority: {
      __proto__: null,
      PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0, PRIORITY_ABOVE_NORMAL: -7,
      PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20,
    },
  };

  const os = {
    arch, availableParallelism, cpus, endianness, freemem, getPriority, homedir, hostname, loadavg,
    networkInterfaces, platform, release, setPriority, tmpdir, totalmem, type, userInfo, uptime, version, machine,
  };
  Object.defineProperty(os, 'constants', { value: constants, enumerable: true, writable: false, configurable: false });
  Object.defineProperty(os, 'EOL', { value: '\n', enumerable: true, writable: false, configurable: true });
  Object.defineProperty(os, 'devNull', { value: '/dev/null', enumerable: true, writable: false, configurable: true });
  module.exports = os;
})
