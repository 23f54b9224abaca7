/**
 * The emulator in its own process for the benchmark, so that neither its CPU nor its
 * memory is counted as the action's. Latency (argv[2], ms) is added to every API request.
 * Commands come as JSON lines on stdin and are answered as JSON lines on stdout:
 * `album` makes an album, `tokens` writes a file of fresh upload tokens, `log` hands over
 * the request log (times as epoch ms, comparable with the bench's clock) and the number of
 * TCP connections accepted since the last `log`, and clears both.
 */
import fs from 'node:fs'
import readline from 'node:readline'
import { PhotosEmulator } from '../test/emulator/index.js'

export interface LoggedRequest {
  op: string
  start: number
  end: number
  bytes: number
  status: number | undefined
}

const latencyMs = Number(process.argv[2] ?? 0)
const emu = await PhotosEmulator.start()
if (latencyMs > 0) {
  emu.inject({
    op: [
      'upload',
      'upload.start',
      'upload.chunk',
      'upload.query',
      'batchCreate',
      'albums.get',
      'albums.list',
      'albums.create',
      'search'
    ],
    probability: 1,
    fault: { type: 'latency', ms: latencyMs }
  })
}
const origin = performance.timeOrigin
let connectionsBefore = 0
const reply = (value: unknown) => process.stdout.write(JSON.stringify(value) + '\n')
reply({ baseUrl: emu.baseUrl })

for await (const line of readline.createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { cmd: string; n?: number; file?: string }
  if (command.cmd === 'album') {
    reply({ albumId: emu.addAlbum({ title: `Bench ${Date.now()}` }).id })
  } else if (command.cmd === 'tokens') {
    const tokens: string[] = []
    for (let i = 0; i < (command.n ?? 0); i++) {
      tokens.push(`${emu.createUploadToken()}\tbench-${String(i).padStart(5, '0')}.jpg`)
    }
    fs.writeFileSync(command.file ?? '', tokens.join('\n') + '\n')
    reply({ ok: true })
  } else if (command.cmd === 'log') {
    const requests: LoggedRequest[] = emu.requests.map((r) => ({
      op: r.op,
      start: origin + r.startedAt,
      end: origin + (r.endedAt ?? r.startedAt),
      bytes: r.bodyBytes,
      status: r.status
    }))
    emu.requests.length = 0
    const connections = emu.connections - connectionsBefore
    connectionsBefore = emu.connections
    reply({ requests, connections })
  }
}
await emu.close()
