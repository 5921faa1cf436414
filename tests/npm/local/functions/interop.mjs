// CommonJS imported by ES modules: esm-imports-cjs (an ES module package) imports its nested
// cjs-lib 2.0.0, an exports.x module and a TypeScript-style (__esModule) one; this function
// imports the top-level cjs-lib 1.0.0 itself.
import { report } from 'esm-imports-cjs'
import lib, { a, version } from 'cjs-lib'
import * as libNs from 'cjs-lib'

export default async function (ctx) {
  return {
    fromPackage: report(),
    fromFunction: {
      version,
      a,
      defaultIsModuleExports: libNs.default === lib,
      defaultVersion: lib.version,
    },
  }
}
