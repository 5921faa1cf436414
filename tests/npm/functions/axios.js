// axios from CommonJS against the test server (ctx.query.base): GET, POST JSON, an error status,
// and an instance with a baseURL and default headers. No URL is reported, so the server's port
// never shows in the result.
const axios = require('axios')

// What /echo saw of the headers this function set itself (axios's own defaults vary by version).
const mine = (headers) => ({ 'content-type': headers['content-type'] ?? null, 'x-test': headers['x-test'] ?? null })

exports.main = async function (ctx) {
  const base = ctx.query.base

  const json = await axios.get(`${base}/json`)
  const echo = await axios.get(`${base}/echo?x=1`, { params: { y: 'two words' } })
  const posted = await axios.post(`${base}/echo`, { a: 1, b: [1, 2] })

  let notFound
  try {
    await axios.get(`${base}/status/404`)
    notFound = { thrown: false }
  } catch (error) {
    notFound = {
      thrown: true,
      isAxiosError: axios.isAxiosError(error),
      status: error.response.status,
      data: error.response.data,
      message: error.message,
      code: error.code,
    }
  }

  const api = axios.create({ baseURL: base, headers: { 'x-test': 'yes' } })
  const viaInstance = await api.post('/echo', 'plain text', { headers: { 'content-type': 'text/plain' } })
  const text = await api.get('/text', { responseType: 'text' })

  return {
    json: { status: json.status, contentType: json.headers['content-type'], data: json.data },
    echo: {
      status: echo.status,
      method: echo.data.method,
      path: echo.data.path,
      xEcho: echo.headers['x-echo'],
    },
    post: {
      status: posted.status,
      method: posted.data.method,
      path: posted.data.path,
      body: posted.data.body,
      parsed: JSON.parse(posted.data.body),
      headers: mine(posted.data.headers),
    },
    notFound,
    instance: {
      status: viaInstance.status,
      method: viaInstance.data.method,
      path: viaInstance.data.path,
      body: viaInstance.data.body,
      headers: mine(viaInstance.data.headers),
    },
    text: { status: text.status, contentType: text.headers['content-type'], data: text.data },
  }
}
