// POST /sign {"order": "42", "amount": 100}: signs a payment request as payment SDKs do, with
// Node's crypto and Buffer, written the way Laf's TypeScript functions are (import + exports.main).
import crypto from 'crypto'

exports.main = async function (ctx: any) {
  const payload = JSON.stringify(ctx.body ?? {})
  const secret = process.env.SIGN_SECRET ?? 'dev-secret'
  return {
    payload,
    signature: crypto.createHmac('sha256', secret).update(payload).digest('hex'),
    encoded: Buffer.from(payload).toString('base64'),
  }
}
