// The names an ES module can import from CommonJS, as Node finds them in the source
// (cjs-module-lexer): namespace keys of five CommonJS files.
import { namespaces, values } from 'esm-imports-cjs/lexer.js'

export default async function (ctx) {
  return { namespaces, values }
}
