// A helper module other functions import as '@/util'. It is a function too: GET /util.
export function add(a: number, b: number): number {
  return a + b
}

export default function () {
  return { add: add(1, 2) }
}
