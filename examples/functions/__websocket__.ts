// Every WebSocket opened on this app (`ws://localhost:8000/<any path>`) lands here, once per event.
// A tiny chat: each message goes to every open socket.
import cloud from '@lafjs/cloud'

export default async function (ctx: FunctionContext) {
  switch (ctx.method) {
    case 'WebSocket:connection':
      ctx.socket.send(`welcome, ${cloud.sockets.size} connected`)
      break
    case 'WebSocket:message':
      for (const socket of cloud.sockets) socket.send(String(ctx.params.data))
      break
    case 'WebSocket:close':
      console.log('a socket closed with code', ctx.params.code)
      break
  }
}
