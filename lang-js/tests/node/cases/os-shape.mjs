import os from 'os';
import { EOL, devNull, constants, cpus, loadavg, userInfo, arch, platform, endianness } from 'node:os';

const isStr = (v) => typeof v === 'string' && v.length > 0;
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

export default async function () {
  const c = cpus();
  const u = userInfo();
  const load = loadavg();
  const err = (f) => { try { f(); return 'no error'; } catch (e) { return e.name; } };
  return {
    EOL, devNull,
    keys: Object.keys(os).sort(),
    strings: ['arch', 'platform', 'type', 'release', 'version', 'machine', 'hostname', 'homedir', 'tmpdir', 'endianness'].map((k) => [k, isStr(os[k]())]),
    numbers: ['totalmem', 'freemem', 'uptime', 'availableParallelism'].map((k) => [k, isNum(os[k]()) && os[k]() >= 0]),
    memOrder: os.freemem() <= os.totalmem(),
    parallelism: os.availableParallelism() >= 1 && Number.isInteger(os.availableParallelism()),
    archKnown: ['x64', 'arm64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips', 'mipsel'].includes(arch()),
    platformKnown: ['linux', 'darwin', 'win32', 'freebsd', 'openbsd', 'sunos', 'aix'].includes(platform()),
    endianness: ['LE', 'BE'].includes(endianness()),
    tmpdirNoSlash: os.tmpdir() === '/' || !os.tmpdir().endsWith('/'),
    toPrimitive: [`${os.arch}` === os.arch(), `${os.platform}` === os.platform(), String(os.hostname) === os.hostname()],
    loadavg: [Array.isArray(load), load.length, load.every(isNum), loadavg() !== load],
    cpus: [Array.isArray(c), c.length >= 1, c.every((x) => typeof x.model === 'string' && isNum(x.speed) && x.times && ['user', 'nice', 'sys', 'idle', 'irq'].every((k) => isNum(x.times[k])))],
    cpuKeys: Object.keys(c[0]),
    timesKeys: Object.keys(c[0].times),
    userInfo: [Object.keys(u), typeof u.uid, typeof u.gid, typeof u.username, isStr(u.homedir), u.shell === null || typeof u.shell === 'string'],
    userInfoBad: err(() => userInfo(5)),
    networkInterfaces: typeof os.networkInterfaces(),
    constants: {
      signals: [constants.signals.SIGINT, constants.signals.SIGTERM, constants.signals.SIGKILL, constants.signals.SIGHUP, constants.signals.SIGUSR1, Object.keys(constants.signals).length],
      errno: [constants.errno.ENOENT, constants.errno.EACCES, constants.errno.EEXIST, constants.errno.ECONNREFUSED, constants.errno.ETIMEDOUT],
      priority: constants.priority,
      dlopen: constants.dlopen,
      udp: constants.UV_UDP_REUSEADDR,
      keys: Object.keys(constants),
    },
    descriptors: ['EOL', 'constants', 'devNull'].map((k) => { const d = Object.getOwnPropertyDescriptor(os, k); return [k, d.enumerable, d.writable]; }),
  };
}
