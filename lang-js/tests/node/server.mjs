// A small HTTP server for the served Node-compatibility cases (tests/node/served/*.mjs).
//
//   node tests/node/server.mjs      listens on 127.0.0.1 on a free port, prints `listening <port>`
//
// Its answers are deterministic (no Date header, no ports or times in bodies) and every header it
// sends is lowercase and has a fixed length, so a client's view of them can be compared as is.
// Routes:
//   /echo[?...]            {method, path, headers (minus transport and client-default ones), body, length}
//   /status/<code>         that status with the body `status <code>` (none for 204/304, or HEAD)
//   /headers               duplicate headers: set-cookie twice, x-dup twice, age twice, cookie twice
//   /redirect/<n>[?to=p]   302 to /redirect/<n-1> (or to `to` at n=1, default /echo)
//   /redirect-code/<code>  that 3xx status with location /echo
//   /slow?ms=<ms>          answers `slow` after ms milliseconds (headers too are delayed)
//   /slow-body?ms=<ms>     sends its headers at once and its body `slow body` after ms milliseconds
//   /multipart             parses a multipart/form-data body: {contentType: the media type, parts:
//                          [{name, filename, type, size, text|hex}]}
//   /text                  text/plain with multibyte UTF-8
//   /bytes                 256 bytes 0..255
//   /big?n=<bytes>         n bytes of 'abcdefghij' repeated, sent in 16 KiB chunks
//   /json                  a JSON document
//   /form                  an urlencoded body
//   /custom-type           text with content-type `text/x-custom; charset=utf-8`
import { createServer } from 'node:http';

const DROP = new Set(['host', 'connection', 'keep-alive', 'user-agent', 'accept', 'accept-encoding', 'accept-language',
  'sec-fetch-mode', 'content-length', 'transfer-encoding']);

function send(res, status, body, headers = {}) {
  const buf = body == null ? null : Buffer.isBuffer(body) ? body : Buffer.from(body);
  const h = { connection: 'close', ...headers };
  if (buf) h['content-length'] = String(buf.length);
  res.writeHead(status, h);
  res.end(buf && res.req.method !== 'HEAD' ? buf : undefined);
}
const json = (res, status, value, headers = {}) =>
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json', ...headers });

// multipart/form-data, parsed by hand: parts split on `--boundary`, each a header block and a body.
function parseMultipart(type, body) {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type || '');
  if (!m) return { error: 'no boundary' };
  const delim = Buffer.from(`--${m[1] || m[2]}`);
  const parts = [];
  let at = body.indexOf(delim);
  if (at < 0) return { error: 'no first boundary' };
  for (;;) {
    at += delim.length;
    if (body.slice(at, at + 2).toString() === '--') break;
    at += 2; // CRLF after the boundary
    const next = body.indexOf(delim, at);
    if (next < 0) return { error: 'unterminated part', parts };
    const part = body.slice(at, next - 2); // minus the CRLF before the boundary
    const split = part.indexOf('\r\n\r\n');
    const head = part.slice(0, split).toString('latin1');
    const data = part.slice(split + 4);
    const headers = {};
    for (const line of head.split('\r\n')) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const disp = headers['content-disposition'] || '';
    const name = /\bname="([^"]*)"/.exec(disp);
    const filename = /\bfilename="([^"]*)"/.exec(disp);
    const p = { name: name ? name[1] : null, type: headers['content-type'] ?? null, size: data.length };
    if (filename) p.filename = filename[1];
    if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(data.toString('latin1'))) p.text = data.toString('latin1');
    else p.hex = data.toString('hex');
    parts.push(p);
    at = next;
  }
  return { contentType: (type || '').split(';')[0], parts };
}

const server = createServer((req, res) => {
  res.sendDate = false;
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const url = new URL(req.url, 'http://localhost');
    const path = url.pathname;
    const q = url.searchParams;
    let m;
    if (path === '/echo') {
      const headers = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const k = req.rawHeaders[i].toLowerCase();
        if (DROP.has(k) || k.startsWith('sec-')) continue;
        headers[k] = k in headers ? `${headers[k]} | ${req.rawHeaders[i + 1]}` : req.rawHeaders[i + 1];
      }
      return json(res, 200, { method: req.method, path: req.url, headers, body: body.toString('utf8'), length: body.length },
        { 'x-echo': 'yes' });
    }
    if ((m = /^\/status\/(\d{3})$/.exec(path))) {
      const code = +m[1];
      return send(res, code, code === 204 || code === 304 ? null : `status ${code}`, { 'content-type': 'text/plain' });
    }
    if (path === '/headers') {
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; HttpOnly']);
      res.setHeader('x-dup', ['one', 'two']);
      res.setHeader('age', ['10', '20']);
      res.setHeader('cookie', ['c=3', 'd=4']);
      res.setHeader('x-single', 'Mixed Case Value');
      return send(res, 200, 'headers', { 'content-type': 'text/plain; charset=utf-8' });
    }
    if ((m = /^\/redirect\/(\d+)$/.exec(path))) {
      const n = +m[1];
      const to = n > 1 ? `/redirect/${n - 1}${url.search}` : q.get('to') || '/echo';
      return send(res, 302, 'redirecting', { location: to, 'content-type': 'text/plain' });
    }
    if ((m = /^\/redirect-code\/(\d{3})$/.exec(path))) {
      return send(res, +m[1], 'redirecting', { location: '/echo', 'content-type': 'text/plain' });
    }
    if (path === '/slow') {
      const t = setTimeout(() => send(res, 200, 'slow', { 'content-type': 'text/plain' }), +(q.get('ms') || 1000));
      res.on('close', () => clearTimeout(t));
      return;
    }
    if (path === '/slow-body') {
      res.writeHead(200, { connection: 'close', 'content-type': 'text/plain', 'content-length': '9' });
      res.flushHeaders();
      const t = setTimeout(() => res.end('slow body'), +(q.get('ms') || 1000));
      res.on('close', () => clearTimeout(t));
      return;
    }
    if (path === '/multipart') return json(res, 200, parseMultipart(req.headers['content-type'], body));
    if (path === '/text') return send(res, 200, 'héllo wörld ✓ 日本語 🎉', { 'content-type': 'text/plain; charset=utf-8' });
    if (path === '/bytes') return send(res, 200, Buffer.from(Array.from({ length: 256 }, (_, i) => i)), { 'content-type': 'application/octet-stream' });
    if (path === '/big') {
      const n = +(q.get('n') || 100000);
      const all = Buffer.from('abcdefghij'.repeat(Math.ceil(n / 10)).slice(0, n));
      res.writeHead(200, { connection: 'close', 'content-type': 'text/plain', 'content-length': String(n) });
      for (let i = 0; i < n; i += 16384) res.write(all.subarray(i, i + 16384));
      return res.end();
    }
    if (path === '/json') return json(res, 200, { ok: true, list: [1, 2, 3], nested: { s: 'ü' } });
    if (path === '/form') return send(res, 200, 'a=1&b=x+y&b=%C3%A9', { 'content-type': 'application/x-www-form-urlencoded' });
    if (path === '/custom-type') return send(res, 200, 'custom', { 'content-type': 'text/x-custom; charset=utf-8' });
    return send(res, 404, 'not found', { 'content-type': 'text/plain' });
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
// Ends when its parent does (reparented), so a crashed test leaves no server behind.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 500).unref();
