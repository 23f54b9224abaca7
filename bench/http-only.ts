/**
 * The same calls as the action with nothing else, as a reference for the benchmark: files
 * read whole and uploaded 6 at a time in input order over keep-alive `node:http`
 * connections, and each batch of 50 created, in order, as soon as its uploads are done.
 * No inputs, checks, retries, timeouts, report or log. It shows how busy the upload slots
 * can be kept on this machine against this emulator. Node built-ins only; run by Node's
 * own type stripping: `node bench/http-only.ts BASE_URL ACCESS_TOKEN FILE...` (the bench runs it
 * transpiled to JavaScript, so that its start is not the stripper's).
 */
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

const SLOTS = 6
const BATCH = 50
const [baseUrl = '', accessToken, ...files] = process.argv.slice(2)
const { hostname, port } = new URL(baseUrl)
const agent = new http.Agent({ keepAlive: true, maxSockets: SLOTS })

function post(urlPath: string, headers: Record<string, string>, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname,
        port,
        path: urlPath,
        method: 'POST',
        agent,
        headers: {
          ...headers,
          authorization: `Bearer ${accessToken}`,
          'content-length': String(body.length)
        }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString())
            : reject(new Error(`${urlPath}: HTTP ${res.statusCode}`))
        )
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

const tokens: Promise<string>[] = []
const settle: ((token: Promise<string>) => void)[] = []
for (let i = 0; i < files.length; i++) tokens.push(new Promise((resolve) => (settle[i] = resolve)))
let next = 0
function uploadNext(): void {
  if (next >= files.length) return
  const i = next++
  const token = post(
    '/v1/uploads',
    {
      'content-type': 'application/octet-stream',
      'x-goog-upload-content-type': 'image/png',
      'x-goog-upload-protocol': 'raw'
    },
    fs.readFileSync(files[i] ?? '')
  )
  settle[i]?.(token)
  void token.then(uploadNext)
}
for (let k = 0; k < SLOTS; k++) uploadNext()

for (let from = 0; from < files.length; from += BATCH) {
  const batch = await Promise.all(tokens.slice(from, from + BATCH))
  const newMediaItems = batch.map((uploadToken, k) => ({
    simpleMediaItem: { uploadToken, fileName: path.basename(files[from + k] ?? '') }
  }))
  await post(
    '/v1/mediaItems:batchCreate',
    { 'content-type': 'application/json' },
    Buffer.from(JSON.stringify({ newMediaItems }))
  )
}
agent.destroy()
