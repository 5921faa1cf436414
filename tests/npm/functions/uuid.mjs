// uuid: name-based (v3, v5) ids are deterministic and compared as is; random and time-based ones
// (v4, v7) by shape.
import { v3, v4, v5, v7, validate, version, parse, stringify, NIL, MAX } from 'uuid'

export default async function (ctx) {
  const dns = v5('laf.dev', v5.DNS)
  const url = v5('https://laf.dev/docs', v5.URL)
  const custom = v5('hello', '1b671a64-40d5-491e-99b0-da01ff1f3341')
  const md5 = v3('laf.dev', v3.DNS)
  const random = v4()
  const timed = v7()
  const bytes = parse(dns)
  const sequence = Array.from({ length: 20 }, () => v7())

  return {
    v5dns: dns,
    v5url: url,
    v5custom: custom,
    v3dns: md5,
    namespaces: { dns: v5.DNS, url: v5.URL },
    v4shape: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(random),
    v7shape: /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(timed),
    v7ordered: sequence.every((id, i) => i === 0 || sequence[i - 1] < id),
    v4unique: v4() !== v4(),
    validate: [validate(dns), validate('not-a-uuid'), validate(NIL), validate(MAX)],
    version: [version(dns), version(md5), version(random), version(timed)],
    parsed: { isUint8Array: bytes instanceof Uint8Array, length: bytes.length, bytes: Array.from(bytes) },
    roundTrip: stringify(bytes) === dns,
    nil: NIL,
    max: MAX,
  }
}
