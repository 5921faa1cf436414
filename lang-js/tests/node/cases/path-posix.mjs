import path from 'node:path';
import posix from 'path/posix';
import { join, resolve, normalize, relative, dirname, basename, extname, parse, format, isAbsolute, toNamespacedPath, sep, delimiter } from 'path';

const err = (f) => { try { f(); return 'no error'; } catch (e) { return [e.name, e.code, e.message]; } };
const table = (fn, inputs) => inputs.map((a) => [a, fn(...a)]);

export default async function () {
  return {
    normalize: table(normalize, [[''], ['.'], ['./'], ['..'], ['../'], ['/..'], ['//'], ['///a//b/'], ['a/..'], ['a/../'], ['a/../..'], ['/a/b/../../..'], ['./a/./b/.'], ['a//b//../c'], ['../../a/b/..'], ['/foo/bar//baz/asdf/quux/..'], ['.../a'], ['a/.../..']]),
    join: table(join, [[], [''], ['', ''], ['/a', 'b', '../c'], ['a', '', 'b'], ['/', '/a'], ['a/', '/b/'], ['..', '..', 'x'], ['/foo', 'bar', 'baz/asdf', 'quux', '..'], ['.', './'], ['a', '../..', 'b']]),
    resolve: table(resolve, [['/'], ['/a/b', './c'], ['/a/b', '/c'], ['/foo/bar', './baz'], ['/foo/bar', '/tmp/file/'], ['a', '/b', 'c/../d'], ['/a', '', 'b', ''], ['/x/', '..', '..', '..']]),
    relative: table(relative, [['/data/orandea/test/aaa', '/data/orandea/impl/bbb'], ['/a', '/a'], ['/a/b', '/a/b/c/d'], ['/a/b/c', '/a'], ['/', '/x/y'], ['/x/y', '/'], ['/a/bc', '/a/b'], ['/a/b/', '/a/b'], ['/foo/bar/baz', '/foo/bar/baz-quux']]),
    dirname: table(dirname, [[''], ['/'], ['//'], ['a'], ['/a'], ['//a'], ['/a/b/'], ['/a//b'], ['a/b'], ['a/b//'], ['./a'], ['../'], ['/foo/bar/baz/asdf/quux']]),
    basename: table(basename, [[''], ['/'], ['/a/b.html'], ['/a/b.html', '.html'], ['/a/b.html', 'html'], ['b.html', 'b.html'], ['/a/b.js/', '.js'], ['aaa', 'a'], ['a', 'a'], ['/a', 'a'], ['b/', 'ab'], ['.js', '.js'], ['/dir/.js', '.js'], ['file.tar.gz', '.gz'], ['x//'], ['a/b', 'xb']]),
    extname: table(extname, [[''], ['.'], ['..'], ['...'], ['a.'], ['a..'], ['.a'], ['.a.b'], ['index.html'], ['index.coffee.md'], ['index'], ['/a.b/c'], ['a.js/'], ['a.b//'], ['/.hidden']]),
    parse: table(parse, [[''], ['/'], ['//'], ['/..'], ['/a/..'], ['a/'], ['/home/user/dir/file.txt'], ['./x.y.z'], ['.bashrc'], ['/a//b'], ['//a']]),
    format: [
      format({ root: '/ignored', dir: '/home/user/dir', base: 'file.txt' }),
      format({ root: '/', base: 'file.txt', ext: 'ignored' }),
      format({ root: '/', name: 'file', ext: '.txt' }),
      format({ name: 'x', ext: 'js' }),
      format({ dir: 'd', name: 'n' }),
      format({}),
      format({ root: '/', dir: '/' , base: 'a' }),
    ],
    isAbsolute: [isAbsolute('/a'), isAbsolute('a'), isAbsolute(''), isAbsolute('./a'), isAbsolute('//x')],
    misc: {
      sep, delimiter, posixSame: path.posix === path, posixModule: posix === path, win32Sep: path.win32.sep,
      nsp: [toNamespacedPath('/a/b'), toNamespacedPath('rel'), toNamespacedPath(5)],
      keys: Object.keys(path).filter((k) => k !== 'matchesGlob').sort(),
    },
    errors: {
      join: err(() => join('a', 1)),
      joinNull: err(() => join(null)),
      joinObj: err(() => join({})),
      joinArr: err(() => join(['a'])),
      joinFn: err(() => join(function named() {})),
      joinLong: err(() => join(12345678901234567890n)),
      joinStr: err(() => path.normalize(true)),
      resolve: err(() => resolve('/a', 2)),
      resolveSkipped: resolve(1, '/ok'),
      relative: [err(() => relative(1, '/a')), err(() => relative('/a', null))],
      basenameSuffix: err(() => basename('a', 5)),
      format: [err(() => format(null)), err(() => format('x'))],
      dirname: err(() => dirname(undefined)),
      parse: err(() => parse(3)),
      extname: err(() => extname(Symbol('s'))),
    },
  };
}
