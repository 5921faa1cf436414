import path from 'path';

const table = (fn, inputs) => inputs.map((a) => [a, fn(...a)]);

export default async function () {
  const w = path.win32;
  return {
    seps: [w.sep, w.delimiter, w.win32 === w, w.posix === path],
    normalize: table(w.normalize, [['C:\\temp\\\\foo\\bar\\..\\'], ['C:////temp\\\\/\\/\\/foo/bar'], ['c:/a/./b'], ['\\\\server\\share\\dir\\..\\x'], ['\\\\server\\share'], ['a\\..\\..\\b'], ['C:'], ['C:.'], ['C:..\\x'], ['/a/b'], ['.'], ['']]),
    join: table(w.join, [['C:\\a', 'b', '..\\c'], ['\\\\server', 'share', 'x'], ['a', '', 'b\\'], [], ['//host/share', 'x']]),
    resolve: table(w.resolve, [['C:\\a', 'b'], ['C:\\a', 'D:\\b', 'c'], ['C:\\a\\b', '..\\..\\..'], ['\\\\server\\share\\a', '..\\b'], ['C:\\x', '\\y']]),
    relative: table(w.relative, [['C:\\orandea\\test\\aaa', 'C:\\orandea\\impl\\bbb'], ['C:\\a', 'c:\\A\\b'], ['C:\\a', 'D:\\b'], ['C:\\a\\b', 'C:\\a']]),
    dirname: table(w.dirname, [['C:\\foo\\bar\\baz'], ['C:\\'], ['C:'], ['C:foo'], ['\\\\server\\share\\x'], ['\\\\server\\share'], ['a\\b'], ['a'], ['/a/b/']]),
    basename: table(w.basename, [['C:\\foo.html', '.html'], ['C:\\foo.HTML', '.html'], ['C:foo'], ['\\\\server\\share\\file.txt'], ['a/b\\c.js/', '.js']]),
    extname: table(w.extname, [['C:\\a\\b.txt'], ['C:.bashrc'], ['a\\b.'], ['file.tar.gz']]),
    parse: table(w.parse, [['C:\\path\\dir\\file.txt'], ['\\\\server\\share\\dir\\f.js'], ['C:'], ['C:\\'], ['\\'], ['file']]),
    format: [w.format({ dir: 'C:\\path\\dir', base: 'file.txt' }), w.format({ root: 'C:\\', name: 'f', ext: 'js' })],
    isAbsolute: [w.isAbsolute('//server'), w.isAbsolute('\\\\server'), w.isAbsolute('C:/foo/..'), w.isAbsolute('C:\\foo\\..'), w.isAbsolute('bar\\baz'), w.isAbsolute('bar/baz'), w.isAbsolute('.'), w.isAbsolute('C:')],
    ns: [w.toNamespacedPath('C:\\a\\b'), w.toNamespacedPath('\\\\server\\share\\x'), w.toNamespacedPath(''), w.toNamespacedPath(7)],
  };
}
