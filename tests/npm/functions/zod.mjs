// zod: a signup schema. Successes report the parsed data; failures only each issue's path and
// code (zod's messages change between versions).
import { z } from 'zod'

const User = z.object({
  email: z.string().email(),
  age: z.number().int().min(18),
  nickname: z.string().optional(),
  role: z.enum(['admin', 'user', 'guest']).default('user'),
  tags: z.array(z.string().min(1)).max(3),
})

const Signup = z
  .object({ password: z.string().min(8), confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: 'Passwords do not match', path: ['confirm'] })

const Csv = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
const Port = z.coerce.number().int().positive().max(65535)

const issues = (result) => result.error.issues.map((i) => ({ path: i.path, code: i.code }))

export default async function (ctx) {
  const ok = User.safeParse({ email: 'ann@example.com', age: 30, tags: ['a', 'b'], extra: 'dropped' })
  const bad = User.safeParse({ email: 'nope', age: 12.5, role: 'root', tags: ['', 'x', 'y', 'z'] })
  const missing = User.safeParse({})
  const signupBad = Signup.safeParse({ password: 'long enough', confirm: 'different' })
  const signupOk = Signup.safeParse({ password: 'long enough', confirm: 'long enough' })

  let thrown
  try {
    User.parse(null)
    thrown = { thrown: false }
  } catch (err) {
    thrown = { thrown: true, isZodError: err instanceof z.ZodError, issues: err.issues.map((i) => ({ path: i.path, code: i.code })) }
  }

  return {
    ok: { success: ok.success, data: ok.data },
    bad: { success: bad.success, issues: issues(bad) },
    missing: { success: missing.success, issues: issues(missing) },
    refine: { bad: issues(signupBad), ok: signupOk.success },
    transform: Csv.parse(' a, b ,,c '),
    coerce: [Port.safeParse('8080').data, Port.safeParse('99999').success],
    thrown,
    union: z.union([z.string(), z.number()]).safeParse(true).success,
    literal: z.literal('laf').parse('laf'),
    partial: User.partial().safeParse({ age: 40 }).data,
  }
}
