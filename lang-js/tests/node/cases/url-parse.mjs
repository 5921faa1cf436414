import url from 'url';
import { parse, Url } from 'node:url';

const fields = (u) => ({ ...u });
const tryParse = (...a) => { try { return fields(parse(...a)); } catch (e) { return [e.name, e.code, e.message]; } };

export default async function () {
  const inputs = [
    'http://user:pass@host.com:8080/p/a/t/h?query=string#hash', 'HTTP://EXAMPLE.COM/Path?Q=1', 'https://example.com',
    '//host/path', '/just/a/path?x=1&y=2', 'relative/path', '?only=query', '#only-hash', '', ' ', 'mailto:user@example.com',
    'javascript:alert(1)', 'JavaScript://x/%20y', 'file:///etc/passwd', 'file://localhost/etc/hosts', 'file:relative', 'http://[::1]:3000/x',
    'http://[fe80::1]/', 'https://[2001:db8::7]:443', 'http://a@b@c/', 'http://x.com/a b?c d#e f', '  http://trim.me/  ', '\t\nhttp://ws.me/\u00a0',
    'http://x.com\\back\\slash?q=\\v#\\h', 'http://ÄÖÜ.com/', 'http://Bücher.example/', 'http://xn--bcher-kva.example/', 'http://host:/p',
    'http://host:abc/p', 'http://a.com?x', 'http://a.com#x', 'x:y', 'git+ssh://git@github.com:user/repo.git',
    'redis://:secret@localhost:6379/0', 'mongodb://u:p%40ss@h1:27017,h2:27017/db?replicaSet=rs&w=majority', 'postgres://user@localhost/db',
    'http://a.com/%zz?%zz', 'http://a.com/path;param?x', "http://x.com/'q'\"dq\"<>`{}|^", 'ws://x/?a=1&a=2&b', 'http://%41@host/',
    'HTTP://user@Host.COM:80', 'http://a.com:99999/', 'http://a;b/', 'http://a{b/', 'http://a b/', 'http://x\t.com/', 'foo://bar/baz',
    'foo:bar', 'FTP:host/x', 'http:no-slashes', 'http:/one-slash', 'http:///three', '//user@host', 'www.example.com/path',
    'localhost:3000/api', '/p?q=a#b?c', 'http://h/?#', 'http://h/p?a=%20+b&c', 'http://example.com/é/中?é=中#é',
    'http://x.com/a%2Fb/../c', 'tel:+1-555', 'data:text/plain;base64,SGk=', 'http://user:p%3Ass@x/', 'http://u%zz@x/',
  ];
  const out = {};
  for (const s of inputs) out[s] = tryParse(s);
  return {
    out,
    parseQuery: ['http://x/p?a=1&a=2&b=&c', '/p?x=%20y+z', 'http://x/', '/p', '?', 'http://x/?__proto__=1'].map((s) => [s, tryParse(s, true)]),
    slashesDenoteHost: ['//host/path?x', '//user:pw@host:81/p', '/path', '//', 'host/x', '//[::1]/'].map((s) => [s, tryParse(s, false, true), tryParse(s)]),
    instance: [parse('http://x') instanceof Url, parse('http://x').constructor === Url, Object.keys(new Url()), parse(parse('http://y/')) instanceof Url],
    throws: ['http://[fe80::1%25eth0]/', 'http://xn--zz.com/', 'http://[a b]/', 'http://a[b/'].map((s) => [s, tryParse(s)]),
    badInput: [5, null, undefined, {}, ['http://x']].map((v) => tryParse(v)),
    sameParse: url.parse === parse,
  };
}
