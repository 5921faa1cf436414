// Files in the app's `uploads` bucket (`laf serve` creates it with `--bucket uploads`):
//   curl -F file=@photo.png localhost:8000/upload   stores the file; answers its key, size and a
//                                                   download URL valid for an hour
//   curl 'localhost:8000/upload?key=<key>'          streams the stored file back through here
//   curl 'localhost:8000/upload'                    lists the stored files
// Uploads stream to a temporary file (`ctx.files`) and from there to the bucket, and reads stream
// from the bucket to the client, so no file is ever held in memory whatever its size.
import cloud from '@lafjs/cloud'

const bucket = cloud.storage.bucket('uploads')

export default async function (ctx: FunctionContext) {
  if (ctx.method === 'POST') {
    const file = ctx.files?.[0]
    if (!file) {
      ctx.response.status(400)
      return { error: 'send a multipart/form-data body with a file' }
    }
    const key = `${Date.now().toString(36)}-${file.originalname.replace(/[^\w.-]/g, '_')}`
    await bucket.writeFile(key, file, { ContentType: file.mimetype })
    return { key, size: file.size, url: await bucket.getDownloadUrl(key, 3600) }
  }
  if (ctx.query.key) {
    // Returning the object sends it as it is read, with its content type and length.
    return await bucket.readFile(ctx.query.key)
  }
  const { Contents = [] } = await bucket.listFiles({ MaxKeys: 100 })
  return Contents.map((o) => ({ key: o.Key, size: o.Size }))
}
