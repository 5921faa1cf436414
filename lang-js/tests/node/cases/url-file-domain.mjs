import { fileURLToPath, pathToFileURL, urlToHttpOptions, domainToASCII, domainToUnicode } from 'url';

const err = (f) => { try { return f(); } catch (e) { return [e.name, e.code, e.message]; } };
const plain = (o) => (o && typeof o === 'object' ? { proto: Object.getPrototypeOf(o) === null, entries: Object.entries(o) } : o);

export default async function () {
  const fileUrls = ['file:///a%20b/%C3%A9', 'file://localhost/x', 'file:///', 'file:///a/b/', 'file:///a?b#c', 'file:///%25', 'file:///tmp/x%23y'];
  return {
    f2p: fileUrls.map((u) => [u, err(() => fileURLToPath(u)), err(() => fileURLToPath(new URL(u)))]),
    f2pErrors: [
      err(() => fileURLToPath('http://x/')), err(() => fileURLToPath('file://host/x')), err(() => fileURLToPath('file:///a%2fb')),
      err(() => fileURLToPath('file:///a%2Fb')), err(() => fileURLToPath(5)), err(() => fileURLToPath(null)), err(() => fileURLToPath({})),
    ],
    p2f: ['/a?b#c d%e\\f\n\r\t', '/tmp/é x', '/a/', '/a/../b/.', '/%2F', '/', '//', '/a//b', '/"<>`{}|^[]~', '/😀', '/a b/', '/.', "/!$&'()*+,;=:@"]
      .map((p) => [p, pathToFileURL(p).href]),
    p2fType: pathToFileURL('/x') instanceof URL,
    p2fErrors: [5, null, undefined].map((v) => err(() => pathToFileURL(v))),
    roundTrip: ['/tmp/a b/c#d?e', '/é/中', '/%41'].map((p) => fileURLToPath(pathToFileURL(p)) === p),
    httpOptions: ['https://u%20x:p@[::1]:99/a?b#c', 'http://a.com', 'http://u@a.com:80/', 'http://:p@a.com/?x', 'file:///x', 'https://例子.测试/路径?q=值']
      .map((u) => plain(urlToHttpOptions(new URL(u)))),
    domains: ['español.com', 'xn--espaol-zwa.com', 'xn--iñvalid.com', 'example.com:80', 'a b', 'EXAMPLE.com', '', 'a..b', 'ａｂｃ.com', '-a.com', 'xn--zz', '中文.com', 'x', 'straße.de', 'ÄÖÜ.de']
      .map((d) => [d, domainToASCII(d), domainToUnicode(d)]),
    domainErrors: [err(() => domainToASCII()), err(() => domainToUnicode())],
  };
}
