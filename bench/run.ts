/**
 * Benchmark: the action against the emulator, with network-like latency, printing
 * wall time, throughput, API calls and peak memory. Figures go in the README.
 *
 *   npm run bench            # default scenarios
 *   npm run bench -- --quick # smaller, for a smoke run
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { runAction, writeFiles, makeWorkspace } from '../test/helpers/action.js'
import { makePng } from '../test/helpers/images.js'

const quick = process.argv.includes('--quick')

interface Scenario {
  name: string
  files: number
  /** Bytes of padding appended to each PNG, to set the file size. */
  fileBytes: number
  bigFiles: number
  bigBytes: number
  concurrency: number
  latencyMs: number
}

const scenarios: Scenario[] = quick
  ? [
      {
        name: '100 × 100 KB, concurrency 6',
        files: 100,
        fileBytes: 100_000,
        bigFiles: 0,
        bigBytes: 0,
        concurrency: 6,
        latencyMs: 20
      }
    ]
  : [
      {
        name: '500 × 100 KB, concurrency 1',
        files: 500,
        fileBytes: 100_000,
        bigFiles: 0,
        bigBytes: 0,
        concurrency: 1,
        latencyMs: 20
      },
      {
        name: '500 × 100 KB, concurrency 6',
        files: 500,
        fileBytes: 100_000,
        bigFiles: 0,
        bigBytes: 0,
        concurrency: 6,
        latencyMs: 20
      },
      {
        name: '500 × 100 KB, concurrency 16',
        files: 500,
        fileBytes: 100_000,
        bigFiles: 0,
        bigBytes: 0,
        concurrency: 16,
        latencyMs: 20
      },
      {
        name: '4 × 64 MB video (resumable), concurrency 4',
        files: 0,
        fileBytes: 0,
        bigFiles: 4,
        bigBytes: 64 * 1024 * 1024,
        concurrency: 4,
        latencyMs: 20
      },
      {
        name: '4 × 256 MB video (resumable), concurrency 4',
        files: 0,
        fileBytes: 0,
        bigFiles: 4,
        bigBytes: 256 * 1024 * 1024,
        concurrency: 4,
        latencyMs: 20
      }
    ]

function mb(n: number): string {
  return (n / (1024 * 1024)).toFixed(1)
}

const here = path.dirname(fileURLToPath(import.meta.url))

/** Starts the emulator in a child process and waits for its address. */
async function startServer(latencyMs: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'server.ts'), String(latencyMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const line = await new Promise<string>((resolve) => {
    let buf = ''
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      if (buf.includes('\n')) resolve(buf.split('\n')[0] ?? '')
    })
  })
  const { baseUrl, albumId } = JSON.parse(line) as { baseUrl: string; albumId: string }
  return { baseUrl, albumId, stop: () => child.kill('SIGTERM') }
}

async function runScenario(s: Scenario) {
  const server = await startServer(s.latencyMs)
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < s.files; i++) {
    const png = makePng(16, 16, i)
    files[`out/img-${String(i).padStart(5, '0')}.png`] = Buffer.concat([
      png,
      Buffer.alloc(Math.max(0, s.fileBytes - png.length), i % 251)
    ])
  }
  writeFiles(ws.workspace, files)
  fs.mkdirSync(path.join(ws.workspace, 'out'), { recursive: true })
  for (let i = 0; i < s.bigFiles; i++) {
    // Real bytes (not sparse): distinct content so that dedup does not merge them.
    const file = path.join(ws.workspace, 'out', `video-${i}.mp4`)
    const fd = fs.openSync(file, 'w')
    const block = Buffer.alloc(4 * 1024 * 1024, i + 1)
    for (let off = 0; off < s.bigBytes; off += block.length)
      fs.writeSync(fd, block, 0, Math.min(block.length, s.bigBytes - off))
    fs.closeSync(fd)
  }
  const totalBytes = s.files * s.fileBytes + s.bigFiles * s.bigBytes

  let peakRss = process.memoryUsage().rss
  const baseRss = peakRss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 20)
  const started = performance.now()
  const r = await runAction(
    {
      'access-token': 'test-access-token',
      'api-endpoint': server.baseUrl,
      files: 'out/*',
      'album-id': server.albumId,
      concurrency: String(s.concurrency),
      summary: 'false'
    },
    { ws, overrides: {} }
  )
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  const calls = r.report?.apiCalls ?? {}
  server.stop()
  fs.rmSync(path.dirname(ws.workspace), { recursive: true, force: true })
  return {
    scenario: s.name,
    items: s.files + s.bigFiles,
    created: r.report?.totals.created ?? 0,
    seconds: seconds.toFixed(2),
    'MB/s': (totalBytes / (1024 * 1024) / seconds).toFixed(1),
    'items/s': ((s.files + s.bigFiles) / seconds).toFixed(1),
    'data MB': mb(totalBytes),
    'peak RSS MB': mb(peakRss),
    'RSS growth MB': mb(peakRss - baseRss),
    calls: Object.entries(calls)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')
  }
}

const only = process.argv.indexOf('--scenario')
if (only >= 0) {
  // One scenario in this process, so that its memory figures are its own.
  const scenario = scenarios[Number(process.argv[only + 1])]
  if (scenario) process.stdout.write(JSON.stringify(await runScenario(scenario)) + '\n')
} else {
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, emulator in its own process on 127.0.0.1, ` +
      `${scenarios[0]?.latencyMs ?? 0} ms latency a request; each scenario in a fresh process`
  )
  const rows = []
  for (let i = 0; i < scenarios.length; i++) {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--scenario', String(i)]
    if (quick) args.push('--quick')
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await new Promise((resolve) => child.on('close', resolve))
    rows.push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>)
  }
  console.table(rows)
}
