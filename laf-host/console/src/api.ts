// The admin API, as the CLI uses it: every call carries the token from the session.
export class ApiError extends Error {
  constructor(public status: number, message: string, public field?: string, public body?: any) { super(message) }
}

const TOKEN = 'laf-console-token'

export const token = {
  get: () => sessionStorage.getItem(TOKEN),
  set: (t: string) => sessionStorage.setItem(TOKEN, t),
  clear: () => sessionStorage.removeItem(TOKEN),
}

export async function api(method: string, path: string, body?: unknown): Promise<any> {
  const headers: Record<string, string> = { authorization: `Bearer ${token.get() ?? ''}` }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`/_/api/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let data: any = text
  try { data = JSON.parse(text) } catch { /* a text answer */ }
  if (!res.ok) throw new ApiError(res.status, data?.error ?? text ?? res.statusText, data?.field, data)
  return data
}

export const app = (id: string, rest: string) => `apps/${encodeURIComponent(id)}/${rest}`
