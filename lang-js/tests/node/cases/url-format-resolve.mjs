import url from 'node:url';
import { format, resolve, resolveObject, URL as NodeURL, URLSearchParams as NodeUSP } from 'url';

const err = (f) => { try { return f(); } catch (e) { return [e.name, e.code, e.message]; } };

export default async function () {
  const objects = [
    {}, { protocol: 'http', host: 'a.com', pathname: 'x' }, { protocol: 'http:', hostname: 'a.com', port: 8080, pathname: '/p', query: { a: [1, 2], b: 'x y' } },
    { protocol: 'https', hostname: 'example.com', pathname: '/some/path', query: { page: 1, format: 'json' } },
    { protocol: 'mailto', auth: 'u', hostname: 'h' }, { protocol: 'file', pathname: '/etc/x' }, { protocol: 'file:', pathname: 'etc/x' },
    { hostname: '::1', port: 80 }, { hostname: '[::1]' }, { slashes: true, host: 'x', pathname: 'a#b?c', search: 'q=#1', hash: 'h' },
    { protocol: 'ftp', auth: 'a:b@c d', host: 'h' }, { protocol: 'foo', pathname: 'bar' }, { protocol: 'foo', slashes: true, pathname: 'bar' },
    { search: '?a', query: { b: 1 } }, { query: 'x=1' }, { query: { x: 1 } }, { href: 'http://x/', protocol: 'http:' },
    { protocol: 'https:', host: 'h', search: 'a=1', hash: '#x' }, { protocol: 'http', host: 'h', auth: 'é:ü/?#' }, { host: 'h', hostname: 'ignored', port: 1 },
  ];
  const base = 'http://a/b/c/d;p?q';
  const rfc = ['g:h', 'g', './g', 'g/', '/g', '//g', '?y', 'g?y', '#s', 'g#s', 'g?y#s', ';x', 'g;x', 'g;x?y#s', '', '.', './', '..', '../',
    '../g', '../..', '../../', '../../g', '../../../g', '../../../../g', '/./g', '/../g', 'g.', '.g', 'g..', '..g', './../g', './g/.',
    'g/./h', 'g/../h', 'g;x=1/./y', 'g;x=1/../y', 'g?y/./x', 'g?y/../x', 'g#s/./x', 'g#s/../x', 'http:g', 'https:g', 'mailto:x@y'];
  const pairs = [
    ['/one/two/three', 'four'], ['http://example.com/', '/one'], ['http://example.com/one', '/two'], ['http://example.com/one/', 'two'],
    ['http://u:p@host/a/b', '../c'], ['http://u:p@host/a/b', '//other/x'], ['http://host', 'x'], ['http://host/', '..'],
    ['mailto:local1@domain1', 'local2@domain2'], ['mailto:a@b', 'mailto:c'], ['mailto:a@b', '?subject=x'], ['foo:a/b', 'c'],
    ['a/b/c', '../../..'], ['a/b/c', '../../../..'], ['/a/b/', './'], ['http://x/a/b?q#h', ''], ['http://x/a/b?q#h', '#n'],
    ['file:///a/b', 'c'], ['file:///a/b', '/c'], ['file:', 'x'], ['https://x/', 'http://y/'], ['http://x/a', 'HTTP://Y/b'],
    ['', 'rel'], ['http://x/%zz/', '../%41'],
  ];
  const urlObj = new URL('https://user:pa%20ss@xn--espaol-zwa.com:8080/p/a?b=c#d');
  return {
    objects: objects.map((o) => err(() => format(o))),
    strings: ['http://u:p@h.com:81/a b?c=d#e', 'HTTP://X.com', '//x/y', 'a/b', 'mailto:x@y', 'http://[::1]/', ' http://trim/ '].map((s) => err(() => format(s))),
    urlOptions: [undefined, null, {}, { auth: false }, { fragment: false }, { search: false }, { unicode: true }, { auth: false, fragment: false, search: false, unicode: true }, { auth: 0, unicode: 1 }]
      .map((o) => format(urlObj, o)),
    urlPlain: [format(new URL('http://a.com')), format(new URL('file:///tmp/x'), { unicode: true }), format(new URL('http://[::1]:3000/x?y#z'), { search: false })],
    formatErrors: [5, null, undefined, true].map((v) => err(() => format(v))).concat([err(() => format(urlObj, 5))]),
    rfc: rfc.map((r) => [r, err(() => resolve(base, r))]),
    pairs: pairs.map(([a, b]) => [a, b, err(() => resolve(a, b))]),
    resolveObject: [
      { ...resolveObject('http://a/b/c', '../d?x#y') },
      { ...resolveObject('mailto:a@b', 'mailto:c@d') },
      { ...resolveObject('http://a/b', url.parse('//c/d')) },
      resolveObject('', 'x'),
    ],
    urlMethods: [url.parse('http://a/b/c').resolve('../d'), { ...url.parse('http://a/b/c').resolveObject('x') }, url.parse('http://a/b').format()],
    globals: [NodeURL === URL, NodeUSP === URLSearchParams],
    keys: Object.keys(url),
  };
}
