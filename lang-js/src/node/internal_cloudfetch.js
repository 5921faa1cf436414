// `cloud.fetch`, Laf's axios instance, on the runtime's fetch: cloud.fetch(url | config),
// .get/.delete/.head/.options(url, config), .post/.put/.patch(url, data, config), .request(config),
// answering { data, status, statusText, headers, config } and rejecting on a status outside 2xx
// with an AxiosError-shaped error (isAxiosError, code, response). Interceptors and cancel tokens are
// not available; AbortSignal (config.signal) is.
(function (exports, require, module) {
  'use strict';
  const { Buffer } = require('buffer');

  function buildURL(config) {
    let url = String(config.url ?? '');
    if (config.baseURL && !/^[a-z][a-z\d+.-]*:\/\//i.test(url)) url = config.baseURL.replace(/\/+$/, '') + '/' + url.replace(/^\/+/, '');
    const params = config.params;
    if (params && typeof params === 'object') {
      const search = params instanceof URLSearchParams ? params : new URLSearchParams();
      if (!(params instanceof URLSearchParams)) {
        for (const [k, v] of Object.entries(params)) {
          if (v === undefined || v === null) continue;
          if (Array.isArray(v)) for (const x of v) search.append(`${k}[]`, x instanceof Date ? x.toISOString() : typeof x === 'object' ? JSON.stringify(x) : String(x));
          else search.append(k, v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v));
        }
      }
      const qs = search.toString();
      if (qs) url += (url.includes('?') ? '&' : '?') + qs;
    }
    return url;
  }

  class AxiosError extends Error {
    constructor(message, code, config, response) {
      super(message);
      this.name = 'AxiosError';
      this.code = code;
      this.config = config;
      this.response = response;
      this.isAxiosError = true;
      if (response) this.status = response.status;
    }
    toJSON() { return { message: this.message, name: this.name, code: this.code, status: this.status }; }
  }

  async function request(config) {
    config = { method: 'get', headers: {}, ...config };
    const method = String(config.method).toUpperCase();
    const headers = new Headers();
    headers.set('accept', 'application/json, text/plain, */*');
    for (const [k, v] of Object.entries(config.headers || {})) if (v !== undefined && v !== null) headers.set(k, String(v));
    if (config.auth) headers.set('authorization', 'Basic ' + Buffer.from(`${config.auth.username ?? ''}:${config.auth.password ?? ''}`).toString('base64'));
    let body = config.data;
    if (body !== undefined && body !== null && method !== 'GET' && method !== 'HEAD') {
      if (typeof body === 'string' || body instanceof URLSearchParams || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
        if (body instanceof URLSearchParams && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=utf-8');
        if (typeof body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
      } else if (typeof FormData !== 'undefined' && body instanceof FormData) {
        // fetch writes the multipart body and its boundary.
      } else {
        body = JSON.stringify(body);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
    } else {
      body = undefined;
    }
    let signal = config.signal;
    let timer;
    if (config.timeout > 0) {
      const controller = new AbortController();
      timer = setTimeout(() => controller.abort(new AxiosError(`timeout of ${config.timeout}ms exceeded`, 'ECONNABORTED', config)), config.timeout);
      if (signal) signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
      signal = controller.signal;
    }
    let res;
    try {
      res = await fetch(buildURL(config), { method, headers, body, signal });
    } catch (e) {
      if (e && e.isAxiosError) throw e;
      const error = new AxiosError(e && e.message ? e.message : String(e), e && e.name === 'AbortError' ? 'ERR_CANCELED' : 'ERR_NETWORK', config);
      error.cause = e;
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    let data;
    const type = config.responseType || 'json';
    if (type === 'arraybuffer') data = Buffer.from(bytes);
    else {
      data = new TextDecoder().decode(bytes);
      if (type === 'json' && data.length) { try { data = JSON.parse(data); } catch { /* axios keeps the text */ } }
    }
    const responseHeaders = {};
    res.headers.forEach((v, k) => { responseHeaders[k] = v; });
    const response = { data, status: res.status, statusText: res.statusText, headers: responseHeaders, config, request: {} };
    const valid = config.validateStatus === undefined ? res.status >= 200 && res.status < 300 : config.validateStatus === null || config.validateStatus(res.status);
    if (!valid) {
      throw new AxiosError(`Request failed with status code ${res.status}`, res.status < 500 ? 'ERR_BAD_REQUEST' : 'ERR_BAD_RESPONSE', config, response);
    }
    return response;
  }

  function create(defaults = {}) {
    const merge = (config) => ({ ...defaults, ...config, headers: { ...(defaults.headers || {}), ...((config && config.headers) || {}) } });
    const instance = (urlOrConfig, config) => request(merge(typeof urlOrConfig === 'string' ? { ...config, url: urlOrConfig } : urlOrConfig));
    instance.request = (config) => request(merge(config));
    for (const m of ['get', 'delete', 'head', 'options']) instance[m] = (url, config) => request(merge({ ...config, url, method: m }));
    for (const m of ['post', 'put', 'patch']) instance[m] = (url, data, config) => request(merge({ ...config, url, data, method: m }));
    instance.defaults = defaults;
    instance.create = (more) => create({ ...defaults, ...more });
    instance.isAxiosError = (e) => !!(e && e.isAxiosError);
    instance.AxiosError = AxiosError;
    return instance;
  }
  module.exports = create();
})
