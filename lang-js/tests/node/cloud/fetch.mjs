// cloud.fetch, Laf's axios instance: the same requests made by `cloud.fetch` on QuickJS
// (lang-js/tests/node_compat.rs) and by axios itself on Node, which makes the fixture:
//   npm i axios@1 (anywhere) && NODE_PATH=<that>/node_modules node lang-js/tests/node/cloud/fetch.mjs --write
// `http` is `cloud.fetch` on QuickJS and `axios` on Node; `base` is tests/node/server.mjs.
export async function run(http, base) {
  const pick = (r) => ({ status: r.status, statusText: r.statusText, data: r.data, echo: r.headers['x-echo'] ?? null });
  const fail = async (p) => { try { await p; return 'resolved'; } catch (e) { return { isAxiosError: e.isAxiosError, code: e.code, message: e.message, status: e.response && e.response.status, data: e.response && e.response.data }; } };
  const strip = (d) => ({ method: d.method, path: d.path, body: d.body, type: d.headers['content-type'] ?? null, auth: d.headers.authorization ?? null, custom: d.headers['x-custom'] ?? null });
  return {
    get: pick(await http.get(`${base}/text`)),
    call: strip((await http({ url: `${base}/echo`, params: { a: 1, b: ['x', 'y'], skip: undefined } })).data),
    postJson: strip((await http.post(`${base}/echo`, { n: 1, s: 'two' }, { headers: { 'x-custom': 'yes' } })).data),
    postText: strip((await http.post(`${base}/echo`, 'a=1&b=2')).data),
    put: strip((await http.put(`${base}/echo?q=1`, { ok: true })).data),
    del: strip((await http.delete(`${base}/echo`)).data),
    auth: strip((await http.get(`${base}/echo`, { auth: { username: 'u', password: 'p' } })).data),
    baseURL: strip((await http.request({ baseURL: `${base}/`, url: '/echo', method: 'patch', data: { x: 1 } })).data),
    bytes: [...(await http.get(`${base}/bytes`, { responseType: 'arraybuffer' })).data.subarray(0, 4)],
    notFound: await fail(http.get(`${base}/status/404`)),
    serverError: await fail(http.get(`${base}/status/503`)),
    accepted: (await http.get(`${base}/status/404`, { validateStatus: () => true })).status,
    timeout: (await fail(http.get(`${base}/slow?ms=2000`, { timeout: 100 }))).code,
  };
}

if (process.argv.includes('--write')) {
  const { spawn } = await import('node:child_process');
  const { writeFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const axios = createRequire(process.env.NODE_PATH + '/')('axios');
  const server = spawn(process.execPath, [new URL('../server.mjs', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim().split(' ')[1])));
  const result = await run(axios, `http://127.0.0.1:${port}`);
  writeFileSync(new URL('../served-expected/cloud-fetch.json', import.meta.url), JSON.stringify(result, null, 1) + '\n');
  server.kill();
  console.log('wrote served-expected/cloud-fetch.json');
}
