// node:https without a network: module shape, its own Agent and globalAgent, request fields for https URLs, protocol errors.
import https, { Agent, globalAgent, request } from 'node:https';
import http from 'node:http';

const err = (f) => { try { f(); return 'no error'; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } };
function made(...args) {
  const r = https.request(...args);
  r.on('error', () => {});
  const info = { path: r.path, method: r.method, host: r.host, protocol: r.protocol, headers: { ...r.getHeaders() }, agentIsGlobal: r.agent === https.globalAgent };
  r.destroy();
  return info;
}

export default async function () {
  const out = {};
  out.keys = Object.keys(https).sort();
  out.named = [request === https.request, Agent === https.Agent, globalAgent === https.globalAgent];
  out.agent = {
    isHttpAgent: globalAgent instanceof http.Agent, isHttpsAgent: globalAgent instanceof Agent, notHttpGlobal: globalAgent !== http.globalAgent,
    defaultPort: globalAgent.defaultPort, protocol: globalAgent.protocol, keepAlive: globalAgent.keepAlive, maxCachedSessions: globalAgent.maxCachedSessions,
    options: { ...globalAgent.options },
  };
  const a = new Agent({ keepAlive: true, maxCachedSessions: 5, rejectUnauthorized: false });
  out.ownAgent = [a.defaultPort, a.protocol, a.maxCachedSessions, a.keepAlive, a.getName({ host: 'h', port: 443, servername: 's', rejectUnauthorized: false })];
  out.requests = {
    url: made('https://example.invalid/a?b=c'),
    port: made('https://example.invalid:8443/'),
    options: made({ hostname: 'example.invalid', path: '/o', method: 'post', headers: { 'x-a': '1' }, rejectUnauthorized: false, ca: 'pem' }),
    agentFalse: made({ host: 'example.invalid', agent: false }),
    ownAgent: made({ host: 'example.invalid', agent: a }),
    urlObject: made(new URL('https://example.invalid:443/u'), { headers: { y: '2' } }),
  };
  out.errors = {
    http: err(() => https.request('http://example.invalid/')),
    httpAgent: err(() => https.request({ host: 'x', agent: new http.Agent() })),
    httpsOnHttp: err(() => http.request('https://example.invalid/')),
    badUrl: err(() => https.request('::')),
  };
  out.servers = [typeof https.createServer, typeof https.Server];
  return out;
}
