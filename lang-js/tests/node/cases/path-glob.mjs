import path from 'path';

export default async function () {
  const paths = ['a/b.js', 'a.js', 'b/c/d.js', '.x.js', 'a/.b.js', 'x/y/z', 'abc', 'a/b/c.ts', 'src/index.test.js', 'a', 'a/', 'foo/bar/baz.md', 'aXb', '/abs/x.js'];
  const pats = ['*.js', '**/*.js', 'a/*', '**', 'a/**', '**/c/*', '?bc', 'a[bc]*', '[!a]*', '*.{js,ts}', 'a/**/c.ts', '**/*.test.js', 'x/*/z', 'a*b', '*', '/abs/*.js', '**/d.js', '*/*'];
  const out = {};
  for (const g of pats) out[g] = paths.filter((p) => path.matchesGlob(p, g));
  let e;
  try { path.matchesGlob('a', 1); } catch (x) { e = [x.code, x.message]; }
  return { out, err: e };
}
