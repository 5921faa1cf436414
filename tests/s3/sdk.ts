// A Laf function using its own S3 client, as Laf's docs show: the AWS SDK for JavaScript v3 with
// the app's OSS_* variables, talking to the host's S3 endpoint (tests/s3_endpoint.rs).
import { S3Client, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, CreateBucketCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'

export default async function (ctx: FunctionContext) {
  const s3 = new S3Client({
    endpoint: process.env.OSS_ENDPOINT,
    region: process.env.OSS_REGION,
    credentials: { accessKeyId: process.env.OSS_ACCESS_KEY, secretAccessKey: process.env.OSS_ACCESS_SECRET },
    forcePathStyle: true,
  })
  const Bucket = `${process.env.APPID}-sdk`
  await s3.send(new CreateBucketCommand({ Bucket }))
  await s3.send(new PutObjectCommand({ Bucket, Key: 'hello.txt', Body: 'from the JS SDK', ContentType: 'text/plain' }))
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'hello.txt' }))
  const list = await s3.send(new ListObjectsV2Command({ Bucket }))
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: 'hello.txt' }), { expiresIn: 60 })
  return { text: await got.Body.transformToString(), keys: list.Contents.map((o) => o.Key), url }
}
