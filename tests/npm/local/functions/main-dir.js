// Package entry points without exports: main naming a directory, a sub-directory with its own
// package.json main, no main at all, a scoped package's main, a main that does not exist
// (index.js, deprecated); and what an ES module import does with them (no directory indexes, no
// extension search).
const code = async (p) => {
  try {
    await p
    return 'no error'
  } catch (e) {
    return e.code ?? `no code (${e.name})`
  }
}
const rel = (p) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length)

exports.main = async function (ctx) {
  let missingMain
  try {
    missingMain = require('main-missing').which
  } catch (e) {
    missingMain = { threw: e.code }
  }
  return {
    require: {
      mainDir: require('main-dir').which,
      mainDirResolved: rel(require.resolve('main-dir')),
      libExplicit: require('main-dir/lib').which,
      libOther: require('main-dir/lib/other').which,
      sub: require('main-dir/sub').which,
      noMain: require('no-main').which,
      missingMain,
      scoped: require('@local/scoped').which,
      scopedResolved: rel(require.resolve('@local/scoped')),
    },
    import: {
      // A bare package name follows main as require does.
      mainDir: (await import('main-dir')).default.which,
      noMain: (await import('no-main')).default.which,
      scoped: (await import('@local/scoped')).default.which,
      libWithExtension: (await import('main-dir/lib/index.js')).default.which,
      // Not under ES module resolution: a directory, a path without its extension.
      libDirectory: await code(import('main-dir/lib')),
      libNoExtension: await code(import('main-dir/lib/other')),
    },
  }
}
