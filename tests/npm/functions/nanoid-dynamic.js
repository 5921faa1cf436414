// A CommonJS-style function loading the ESM-only nanoid with a dynamic import().
exports.main = async function (ctx) {
  const { nanoid, customAlphabet } = await import('nanoid')
  const mod = await import('nanoid')
  const hex = customAlphabet('0123456789abcdef', 16)
  const id = nanoid()

  return {
    type: typeof nanoid,
    sameModule: mod.nanoid === nanoid,
    length: id.length,
    urlSafe: /^[A-Za-z0-9_-]{21}$/.test(id),
    hex: /^[0-9a-f]{16}$/.test(hex()),
    sized: nanoid(32).length,
  }
}
