import path from 'node:path';
import { join } from 'path';

export default async function () {
  return {
    join: join('/a/b', '../c', './d.txt'),
    resolveAbs: path.resolve('/x', 'y', '..', 'z'),
    parse: path.parse('/home/u/file.tar.gz'),
    ext: path.extname('index.coffee.md'),
    rel: path.relative('/data/orandea/test/aaa', '/data/orandea/impl/bbb'),
    norm: path.normalize('/foo/bar//baz/asdf/quux/..'),
    fmt: path.format({ root: '/', dir: '/home/user/dir', base: 'file.txt' }),
    sep: path.sep,
    delim: path.delimiter,
    isAbs: [path.isAbsolute('/a'), path.isAbsolute('a')],
    posixIsSame: path.posix === path,
    base: [path.basename('/a/b.html', '.html'), path.dirname('/a/b/c')],
  };
}
