// Laf's STS example: a function asks the host's endpoint for temporary credentials with its app's
// key pair and hands them to a browser (tests/s3_endpoint.rs uses them as a browser would).
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts'

export default async function (ctx: FunctionContext) {
  const sts = new STSClient({
    endpoint: process.env.OSS_ENDPOINT,
    region: process.env.OSS_REGION,
    credentials: { accessKeyId: process.env.OSS_ACCESS_KEY, secretAccessKey: process.env.OSS_ACCESS_SECRET },
  })
  const { Credentials } = await sts.send(new AssumeRoleCommand({
    DurationSeconds: Number(ctx.query.seconds ?? 3600),
    Policy: '{"Statement":[{"Action":["s3:*"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}',
    RoleArn: 'arn:xxx:xxx:xxx:xxxx',
    RoleSessionName: process.env.APPID,
  }))
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
    expiration: Credentials.Expiration,
  }
}
