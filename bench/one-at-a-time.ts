/**
 * The one-at-a-time way, as a reference for the benchmark: upload one file, create it,
 * then the next (what gphotos-uploader-cli does). Node built-ins only; run by Node's own
 * type stripping: `node bench/one-at-a-time.ts BASE_URL ACCESS_TOKEN FILE...` (the bench runs it
 * transpiled to JavaScript, so that its start is not the stripper's).
 */
import fs from 'node:fs'
import path from 'node:path'

const [baseUrl, accessToken, ...files] = process.argv.slice(2)
const auth = { authorization: `Bearer ${accessToken}` }
for (const file of files) {
  const upload = await fetch(`${baseUrl}/v1/uploads`, {
    method: 'POST',
    headers: {
      ...auth,
      'content-type': 'application/octet-stream',
      'x-goog-upload-content-type': 'image/png',
      'x-goog-upload-protocol': 'raw'
    },
    body: fs.readFileSync(file)
  })
  const uploadToken = await upload.text()
  const create = await fetch(`${baseUrl}/v1/mediaItems:batchCreate`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      newMediaItems: [{ simpleMediaItem: { uploadToken, fileName: path.basename(file) } }]
    })
  })
  if (!create.ok) throw new Error(`batchCreate: HTTP ${create.status}`)
  await create.text()
}
