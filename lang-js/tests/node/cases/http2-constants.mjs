// http2's constants and sensitiveHeaders, which packages (undici, got) read when they load.
import http2 from 'http2';
import { constants } from 'node:http2';

export default async function () {
  const c = http2.constants;
  return {
    same: c === constants,
    authority: c.HTTP2_HEADER_AUTHORITY,
    status: c.HTTP2_HEADER_STATUS,
    method: c.HTTP2_HEADER_METHOD,
    path: c.HTTP2_HEADER_PATH,
    refused: c.NGHTTP2_REFUSED_STREAM,
    cancel: c.NGHTTP2_CANCEL,
    ok: c.HTTP_STATUS_OK,
    notFound: c.HTTP_STATUS_NOT_FOUND,
    count: Object.keys(c).length,
    sensitive: typeof http2.sensitiveHeaders,
    connect: typeof http2.connect,
  };
}
