// S3 with the AWS SDK v3, CommonJS style as in Laf's storage docs: put, get, list, a presigned GET
// fetched over HTTP, and delete. The server comes from ctx.query: endpoint, bucket, key (access key
// id) and secret. The object is fixed, so its ETag (the MD5 of the body) is deterministic.
const { S3Client, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, DeleteObjectCommand } = require('@aws-sdk/client-s3')
const { getSignedUrl } = require('@aws-sdk/s3-request-presigner')

exports.main = async function (ctx) {
  const { endpoint, bucket, key, secret } = ctx.query
  const s3 = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: key, secretAccessKey: secret },
  })

  const Key = 'npm-e2e/hello.txt'
  const text = 'Hello from Laf — 你好, S3 ✓'
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: text, ContentType: 'text/plain; charset=utf-8' }))
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'npm-e2e/data.json', Body: JSON.stringify({ n: 1 }), ContentType: 'application/json' }))

  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))
  const body = await got.Body.transformToString()

  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'npm-e2e/' }))

  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key }), { expiresIn: 300 })
  const res = await fetch(url)
  const fetched = await res.text()

  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }))
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'npm-e2e/data.json' }))
  const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'npm-e2e/' }))

  let missing
  try {
    await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))
    missing = { thrown: false }
  } catch (err) {
    missing = { thrown: true, name: err.name, status: err.$metadata?.httpStatusCode }
  }

  return {
    put: { status: put.$metadata.httpStatusCode, etag: put.ETag },
    get: {
      status: got.$metadata.httpStatusCode,
      body,
      matches: body === text,
      contentType: got.ContentType,
      contentLength: got.ContentLength,
      etag: got.ETag,
    },
    list: {
      count: listed.KeyCount,
      objects: (listed.Contents ?? []).map((o) => ({ key: o.Key, size: o.Size })),
    },
    presigned: {
      signed: url.includes('X-Amz-Signature='),
      expires: new URL(url).searchParams.get('X-Amz-Expires'),
      status: res.status,
      body: fetched,
    },
    afterDelete: after.KeyCount ?? 0,
    missing,
  }
}
