/**
 * How a run ends, on the bundled action as GitHub runs it: a fatal answer with the real
 * retry policy, and cancellation by real signals (SIGINT, then SIGTERM) at several moments.
 * What a user reads afterwards is checked: outputs, job summary, report, exit code.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import {
  FAST,
  makeWorkspace,
  parseOutputFile,
  ROOT,
  runAction,
  writeFiles
} from './helpers/action.js'
import { makePng } from './helpers/images.js'
import type { Report } from '../src/types.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.clearFaults())

function pngWorkspace(n: number, prefix: string, seedBase: number) {
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < n; i++) {
    files[`shots/${prefix}-${String(i).padStart(4, '0')}.png`] = makePng(4, 4, seedBase + i)
  }
  writeFiles(ws.workspace, files)
  return ws
}

interface Spawned {
  /** performance.now() when the process ended: the emulator's request log uses the same clock. */
  exited: Promise<number>
  exitCode: () => number | null
  kill: (signal: NodeJS.Signals) => number
  stdout: () => string
  outputs: () => Record<string, string>
  summary: () => string
  report: () => Report
}

/** dist/index.js with INPUT_* variables, as the runner starts it; the real retry policy. */
function spawnDist(
  ws: { workspace: string; temp: string },
  inputs: Record<string, string>,
  /** Runner variables to replace, such as a GITHUB_OUTPUT that cannot be written. */
  runner: Record<string, string> = {}
) {
  const outputFile = path.join(ws.temp, 'output')
  const summaryFile = path.join(ws.temp, 'summary')
  fs.writeFileSync(outputFile, '')
  fs.writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: ws.workspace,
    RUNNER_TEMP: ws.temp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    'INPUT_ACCESS-TOKEN': 'test-access-token',
    'INPUT_API-ENDPOINT': emu.baseUrl,
    'INPUT_TOKEN-ENDPOINT': 'https://oauth2.googleapis.com/token',
    INPUT_MODE: 'create',
    INPUT_CONCURRENCY: '6',
    INPUT_SUMMARY: 'true'
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  Object.assign(env, runner)
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/index.js')], {
    cwd: ws.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()))
  const exited = new Promise<number>((resolve) =>
    child.on('close', () => resolve(performance.now()))
  )
  const spawned: Spawned = {
    exited,
    exitCode: () => child.exitCode,
    kill: (signal) => {
      child.kill(signal)
      return performance.now()
    },
    stdout: () => stdout,
    outputs: () => parseOutputFile(fs.readFileSync(outputFile, 'utf8')),
    summary: () => fs.readFileSync(summaryFile, 'utf8'),
    report: () =>
      JSON.parse(fs.readFileSync(path.join(ws.temp, 'photos-results.json'), 'utf8')) as Report
  }
  return spawned
}

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** What a user checks after a cancelled run: a full, true record on every channel. */
function expectCancelledRecord(run: Spawned, albumId: string, total: number) {
  expect(run.exitCode()).not.toBe(0)
  const report = run.report()
  expect(report.state).toBe('cancelled')
  expect(report.stoppedReason).toMatch(/cancelled \(SIGINT\)/)
  expect(report.stoppedReason).toMatch(
    /re-run to finish them\. With `skip-existing: true`, items already in the album are not uploaded or created again\.$/
  )
  expect(report.items).toHaveLength(total)
  // Every item is final, with a reason.
  expect(report.items.filter((i) => i.outcome === 'planned')).toEqual([])
  for (const item of report.items.filter((i) => i.outcome === 'failed')) {
    expect(item.status?.message).toMatch(/^Cancelled/)
  }
  // The report's created items are exactly what the library holds, in order.
  const created = report.items.filter((i) => i.outcome === 'created')
  expect(emu.albumItemIds(albumId)).toEqual(created.map((i) => i.mediaItemId))
  const outputs = run.outputs()
  expect(outputs['created-count']).toBe(String(created.length))
  expect(outputs['failed-count']).toBe(String(total - created.length))
  expect(outputs['total-count']).toBe(String(total))
  const ids = JSON.parse(outputs['media-item-ids'] ?? 'null') as (string | null)[]
  expect(ids.filter((id) => id !== null)).toEqual(created.map((i) => i.mediaItemId))
  expect(run.summary()).toMatch(/The run was cancelled &#40;SIGINT&#41;/)
  expect(run.stdout()).toMatch(/::error::The run was cancelled \(SIGINT\)/)
  return { report, created }
}

test.each([
  {
    name: 'daily quota',
    fault: { type: '429', daily: true } as const,
    error: /daily Google Photos API quota is spent/,
    status: 429
  },
  {
    name: 'missing scope',
    fault: { type: 'insufficient-scopes' } as const,
    error:
      /lacks the scope this step needs \(https:\/\/www\.googleapis\.com\/auth\/photoslibrary\.appendonly\)/,
    status: 403
  }
])(
  '$name mid-run, real retry policy: the process exits within 2 s and logs nothing after the error',
  async ({ fault, error, status }) => {
    const ws = pngWorkspace(200, `fatal-${status}`, 90_000 + status * 300)
    const before = emu.requests.length
    // The fatal answer comes after 40 uploads; until then each upload takes a while, so
    // that several are in flight (and some failing transiently) when it comes.
    emu.inject({ op: 'upload', after: 40, times: 10_000, fault })
    emu.inject({ op: 'upload', probability: 0.1, fault: { type: 'http', status: 503 } })
    emu.inject({ op: 'upload', probability: 1, fault: { type: 'latency', ms: 150 } })
    const run = spawnDist(ws, { files: 'shots/*.png' })
    const exitedAt = await run.exited
    const fatalAnswer = emu.requests
      .slice(before)
      .find((q) => q.op === 'upload' && q.status === status && q.endedAt !== undefined)
    expect(fatalAnswer).toBeDefined()
    expect(exitedAt - (fatalAnswer?.endedAt ?? 0)).toBeLessThan(2000)

    expect(run.exitCode()).toBe(1)
    const lines = run.stdout().trimEnd().split('\n')
    const errorAt = lines.findIndex((l) => l.startsWith('::error::'))
    expect(lines[errorAt]).toMatch(error)
    // The error is the last word: no retry or progress line after it.
    expect(lines.slice(errorAt + 1)).toEqual([])
    expect(run.stdout()).not.toMatch(/UND_ERR_DESTROYED/)
    // Only the uploads in flight at the fatal answer were still sent.
    const uploads = emu.requests.slice(before).filter((q) => q.op === 'upload')
    expect(uploads.filter((q) => q.startedAt > (fatalAnswer?.endedAt ?? 0) + 100)).toEqual([])
    const report = run.report()
    expect(report.state).toBe('stopped')
    expect(report.items.every((i) => i.outcome === 'failed')).toBe(true)
    expect(run.outputs()['failed-count']).toBe('200')
  }
)

test.each([
  ['the credentials check (tokeninfo)', 'tokeninfo', {}],
  [
    'the refresh grant',
    'token',
    {
      'access-token': '',
      'client-id': 'test-client-id',
      'client-secret': 'test-client-secret',
      'refresh-token': 'test-refresh-token'
    }
  ]
] as const)(
  'SIGINT during %s: abandoned at once, every item cancelled',
  async (_what, op, inputs) => {
    const ws = pngWorkspace(5, `c-auth-${op}`, 93_000)
    emu.inject({ op, probability: 1, fault: { type: 'latency', ms: 30_000 } })
    const before = emu.requests.length
    const run = spawnDist(ws, {
      files: 'shots/*.png',
      'token-endpoint': emu.tokenEndpoint,
      ...inputs
    })
    await until(() => emu.calls(op).length > 0 && emu.requests.length > before, `a ${op} request`)
    const signalledAt = run.kill('SIGINT')
    // Well before the runner's SIGTERM, 7.5 s later.
    expect((await run.exited) - signalledAt).toBeLessThan(3000)
    expect(run.exitCode()).toBe(1)
    const report = run.report()
    expect(report.state).toBe('cancelled')
    expect(report.items.map((i) => i.status?.message)).toEqual(
      Array(5).fill('Cancelled before it was created.')
    )
    expect(run.outputs()['failed-count']).toBe('5')
    expect(run.stdout()).toMatch(/::error::The run was cancelled \(SIGINT\)/)
    expect(run.stdout()).not.toMatch(/tokeninfo could not be reached|Could not refresh/)
    expect(emu.requests.slice(before).filter((r) => r.op.startsWith('upload'))).toEqual([])
  }
)

test('SIGINT during uploads: within 7.5 s the outputs, summary and a cancelled report are written', async () => {
  const album = emu.addAlbum({ title: 'Cancel during uploads' })
  const ws = pngWorkspace(200, 'c-up', 91_000)
  const before = emu.calls('upload').length
  emu.inject({ op: 'upload', probability: 1, fault: { type: 'latency', ms: 60 } })
  const run = spawnDist(ws, {
    files: 'shots/*.png',
    'album-id': album.id,
    position: 'first-in-album'
  })
  await until(() => emu.calls('upload').length - before >= 30, '30 uploads')
  expect(emu.calls('batchCreate').length).toBe(0)
  const signalledAt = run.kill('SIGINT')
  expect((await run.exited) - signalledAt).toBeLessThan(7500)
  const { created } = expectCancelledRecord(run, album.id, 200)
  expect(created).toHaveLength(0)
  expect(
    run.report().items.every((i) => i.status?.message === 'Cancelled before it was created.')
  ).toBe(true)
  // The log counts what the cancellation left, once, rather than naming 200 items.
  expect(run.stdout()).toContain(
    '200 item(s) not created because the run was cancelled, for this reason:'
  )
  expect(run.stdout()).not.toMatch(/^ {2}#\d+ .*Cancelled before/m)
})

test('SIGINT while a batchCreate is in flight: it gets time to answer, and its items are recorded', async () => {
  const album = emu.addAlbum({ title: 'Cancel in batchCreate' })
  const ws = pngWorkspace(200, 'c-bc', 92_000)
  const before = emu.calls('batchCreate').length
  // The second batchCreate takes 2 s: well within the 5 s it is given.
  emu.inject({ op: 'batchCreate', after: 1, fault: { type: 'latency', ms: 2000 } })
  const run = spawnDist(ws, {
    files: 'shots/*.png',
    'album-id': album.id,
    position: 'first-in-album'
  })
  await until(() => emu.calls('batchCreate').length - before >= 2, 'the second batchCreate')
  await new Promise((r) => setTimeout(r, 200))
  const signalledAt = run.kill('SIGINT')
  const exitedAt = await run.exited
  expect(exitedAt - signalledAt).toBeLessThan(7500)
  const { created } = expectCancelledRecord(run, album.id, 200)
  // Both batches were created and recorded; nothing after them was sent.
  expect(created.map((i) => i.index)).toEqual(Array.from({ length: 100 }, (_, i) => i))
  expect(emu.calls('batchCreate').length - before).toBe(2)
})

test('SIGINT between batches: the created batch stays, the rest is cancelled', async () => {
  const album = emu.addAlbum({ title: 'Cancel between batches' })
  const ws = pngWorkspace(200, 'c-between', 93_000)
  const before = emu.calls('batchCreate').length
  emu.inject({ op: 'upload', probability: 1, fault: { type: 'latency', ms: 40 } })
  const run = spawnDist(ws, {
    files: 'shots/*.png',
    'album-id': album.id,
    position: 'first-in-album'
  })
  await until(
    () => emu.calls('batchCreate').slice(before)[0]?.endedAt !== undefined,
    'the first batchCreate answer'
  )
  const signalledAt = run.kill('SIGINT')
  expect((await run.exited) - signalledAt).toBeLessThan(7500)
  const { created } = expectCancelledRecord(run, album.id, 200)
  expect(created).toHaveLength(50)
  expect(emu.calls('batchCreate').length - before).toBe(1)
})

test('SIGINT while a batchCreate outlasts its 5 s: it is abandoned, and its items are marked as possibly made', async () => {
  const album = emu.addAlbum({ title: 'Cancel beyond grace' })
  const ws = pngWorkspace(120, 'c-grace', 96_000)
  const before = emu.calls('batchCreate').length
  emu.inject({ op: 'batchCreate', after: 1, fault: { type: 'latency', ms: 6500 } })
  const run = spawnDist(ws, { files: 'shots/*.png', 'album-id': album.id })
  await until(() => emu.calls('batchCreate').length - before >= 2, 'the second batchCreate')
  const signalledAt = run.kill('SIGINT')
  const exitedAt = await run.exited
  expect(exitedAt - signalledAt).toBeGreaterThanOrEqual(4900)
  expect(exitedAt - signalledAt).toBeLessThan(7500)
  const report = run.report()
  expect(report.state).toBe('cancelled')
  expect(report.items.map((i) => i.outcome)).toEqual([
    ...Array<string>(50).fill('created'),
    ...Array<string>(70).fill('failed')
  ])
  const mayExist = report.items.filter((i) => i.batch === 2)
  expect(mayExist).toHaveLength(50)
  for (const item of mayExist) {
    expect(item.status?.message).toMatch(
      /^Cancelled while its batchCreate was in flight: .*may exist/
    )
  }
  for (const item of report.items.slice(100)) {
    expect(item.status?.message).toBe('Cancelled before it was created.')
  }
  // Once the server finishes the abandoned call, the library holds the created items and
  // exactly the ones marked as possibly made.
  await until(() => emu.albumItemIds(album.id).length === 100, 'the abandoned call to finish')
  expect(emu.albumItemIds(album.id).slice(0, 50)).toEqual(
    report.items.slice(0, 50).map((i) => i.mediaItemId)
  )
  expect(run.outputs()['created-count']).toBe('50')
})

test('a second signal during the clean-up still leaves a parseable, final report', async () => {
  const album = emu.addAlbum({ title: 'Cancel twice' })
  const ws = pngWorkspace(120, 'c-twice', 94_000)
  const before = emu.calls('batchCreate').length
  emu.inject({ op: 'batchCreate', fault: { type: 'latency', ms: 4000 } })
  const run = spawnDist(ws, { files: 'shots/*.png', 'album-id': album.id })
  await until(() => emu.calls('batchCreate').length - before >= 1, 'the first batchCreate')
  const signalledAt = run.kill('SIGINT')
  await new Promise((r) => setTimeout(r, 300))
  run.kill('SIGTERM')
  const exitedAt = await run.exited
  // The second signal did not wait for the batchCreate's grace.
  expect(exitedAt - signalledAt).toBeLessThan(2500)
  expect(run.exitCode()).not.toBe(0)
  const report = run.report()
  expect(report.state).toBe('cancelled')
  expect(report.items).toHaveLength(120)
  expect(report.items.filter((i) => i.outcome === 'planned')).toEqual([])
  // The batch in flight is marked as possibly made, never as created or plainly failed.
  const inFlight = report.items.filter((i) => i.batch === 1)
  expect(inFlight).toHaveLength(50)
  for (const item of inFlight) expect(item.status?.message).toMatch(/the item may exist/)
  expect(run.outputs()['total-count']).toBe('120')
  expect(run.summary()).toMatch(/cancelled/)
})

test('progress and retry lines of a run with faults hold no unformatted number', async () => {
  const album = emu.addAlbum({ title: 'Progress with faults' })
  const ws = pngWorkspace(150, 'p-faults', 95_000)
  emu.inject({ op: 'upload', probability: 0.08, fault: { type: 'http', status: 503 } })
  emu.inject({ op: 'upload', probability: 0.04, fault: { type: 'reset-mid-upload' } })
  emu.inject({ op: 'upload', probability: 1, fault: { type: 'latency', ms: 25 } })
  const r = await runAction(
    {
      'access-token': 'test-access-token',
      'api-endpoint': emu.baseUrl,
      files: 'shots/*.png',
      'album-id': album.id,
      concurrency: '4'
    },
    { ws, overrides: { retry: { ...FAST.retry } } }
  )
  expect(r.failed).toBe(false)
  const lines = r.stdout.split('\n').filter((l) => /^(Uploaded|Uploads|upload)/.test(l))
  expect(lines.some((l) => l.startsWith('Uploaded '))).toBe(true)
  expect(lines.some((l) => /retrying in/.test(l))).toBe(true)
  for (const line of lines) {
    // At most one decimal place (two for GB), and no raw byte rate.
    expect({ line, long: /\d\.\d{3,}|\d{5,}(?! files)/.test(line) }).toEqual({ line, long: false })
    expect(line).not.toMatch(/NaN|Infinity|undefined/)
  }
  // Files and bytes agree: the closing line counts every file and byte.
  expect(r.stdout).toMatch(/Uploads done: 150 of 150 files, /)
})

test('SIGINT while verify reads the items back: the run is cancelled, and every item stays created', async () => {
  const album = emu.addAlbum({ title: 'Cancel during verify' })
  const ws = pngWorkspace(60, 'c-verify', 96_000)
  const before = emu.calls('batchGet').length
  emu.inject({ op: 'batchGet', probability: 1, fault: { type: 'latency', ms: 10_000 } })
  const run = spawnDist(ws, { files: 'shots/*.png', 'album-id': album.id, verify: 'true' })
  await until(() => emu.calls('batchGet').length > before, 'the first batchGet')
  const signalledAt = run.kill('SIGINT')
  expect((await run.exited) - signalledAt).toBeLessThan(7500)
  const { report, created } = expectCancelledRecord(run, album.id, 60)
  expect(created).toHaveLength(60)
  expect(report.items.every((i) => i.verified === undefined)).toBe(true)
  expect(report.verification).toEqual({ items: 60, found: 0, notFound: 0 })
  expect(emu.calls('batchGet').length - before).toBe(1)
})

describe('a record that cannot be written: the rest of it still says what was done', () => {
  test("the report's directory taken away mid-run: the run stops, and the outputs and summary tell", async () => {
    const album = emu.addAlbum({ title: 'Report lost' })
    const ws = pngWorkspace(120, 'c-lost', 95_000)
    const dir = path.join(ws.temp, 'rep')
    const before = emu.calls('batchCreate').length
    emu.inject({ op: 'batchCreate', fault: { type: 'latency', ms: 300 } })
    // Uploads still going when the write before batch 2 fails.
    emu.inject({ op: 'upload', probability: 1, fault: { type: 'latency', ms: 60 } })
    const run = spawnDist(ws, {
      files: 'shots/*.png',
      'album-id': album.id,
      'results-file': path.join(dir, 'photos.json')
    })
    await until(() => emu.calls('batchCreate').length - before >= 1, 'the first batchCreate')
    // A directory where the report goes no longer exists: a file stands in its place.
    fs.rmSync(dir, { recursive: true, force: true })
    fs.writeFileSync(dir, 'not a directory')
    await run.exited
    expect(run.exitCode()).toBe(1)
    expect(run.stdout()).toMatch(/::error::The JSON report could not be written to .*photos\.json/)
    expect(run.stdout()).not.toMatch(/Unexpected error/)
    // The first batch was made; no batch went out after the write failed.
    expect(emu.calls('batchCreate').length - before).toBe(1)
    const made = emu.albumItemIds(album.id)
    expect(made).toHaveLength(50)
    const outputs = run.outputs()
    expect(outputs['created-count']).toBe('50')
    expect(outputs['failed-count']).toBe('70')
    expect(outputs['results-file']).toBe('')
    expect(JSON.parse(outputs['media-item-ids'] ?? '[]').slice(0, 50)).toEqual(made)
    expect(run.summary()).toMatch(/could not be written/)
    // The summary points to no report that is not there, and the uploads say they stopped.
    expect(run.summary()).toContain('No JSON report: it could not be written')
    expect(run.summary()).not.toContain('Full report:')
    expect(run.stdout()).toMatch(/Uploads stopped: \d+ of 120 files uploaded/)
    expect(run.stdout()).not.toMatch(/Uploads done/)
  })

  test("GITHUB_OUTPUT cannot be written: the run's own verdict stays, the summary is written, and the step fails for it", async () => {
    const ws = pngWorkspace(3, 'c-noout', 96_000)
    const run = spawnDist(ws, { files: 'shots/*.png' }, { GITHUB_OUTPUT: '/dev/full' })
    await run.exited
    expect(run.exitCode()).toBe(1)
    expect(run.stdout()).toMatch(
      /::error::The step's outputs could not be written \(ENOSPC.*\): later steps will not see them/
    )
    expect(run.stdout()).not.toMatch(/Unexpected error/)
    expect(run.report().totals.created).toBe(3)
    expect(run.summary()).toMatch(/3 created/)

    // A wrong input is still the error the user reads first.
    const wrong = spawnDist(
      ws,
      { files: 'shots/*.png', concurrency: '0' },
      { GITHUB_OUTPUT: '/dev/full' }
    )
    await wrong.exited
    const errors = wrong.stdout().match(/^::error::.*$/gm) ?? []
    expect(errors[0]).toMatch(/^::error::Input `concurrency`/)
    expect(errors[1]).toMatch(/outputs could not be written/)
  })

  test("GITHUB_STEP_SUMMARY cannot be written: a warning, and the step's verdict is the items'", async () => {
    const ws = pngWorkspace(3, 'c-nosum', 97_000)
    const run = spawnDist(ws, { files: 'shots/*.png' }, { GITHUB_STEP_SUMMARY: '/dev/full' })
    await run.exited
    expect(run.exitCode()).toBe(0)
    expect(run.stdout()).toMatch(/::warning::The job summary could not be written \(ENOSPC/)
    expect(run.outputs()['created-count']).toBe('3')
  })

  test('a second signal with GITHUB_OUTPUT unwritable: no crash, the report and summary written', async () => {
    const album = emu.addAlbum({ title: 'Cancel twice, no outputs' })
    const ws = pngWorkspace(60, 'c-twice-noout', 98_000)
    const before = emu.calls('batchCreate').length
    emu.inject({ op: 'batchCreate', fault: { type: 'latency', ms: 4000 } })
    const run = spawnDist(
      ws,
      { files: 'shots/*.png', 'album-id': album.id },
      { GITHUB_OUTPUT: '/dev/full' }
    )
    await until(() => emu.calls('batchCreate').length - before >= 1, 'the first batchCreate')
    run.kill('SIGINT')
    await new Promise((r) => setTimeout(r, 300))
    run.kill('SIGTERM')
    await run.exited
    expect(run.exitCode()).toBe(1)
    expect(run.stdout()).not.toMatch(/Uncaught|at Object\.force|^ {4}at /m)
    expect(run.stdout()).toMatch(/::error::The step's outputs could not be written/)
    expect(run.report().state).toBe('cancelled')
    expect(run.summary()).toMatch(/cancelled/)
  })
})

test('a fatal answer to an upload while a batchCreate is on its way: the batch gets a moment to answer, and its items are recorded', async () => {
  const album = emu.addAlbum({ title: 'Fatal while creating' })
  const ws = pngWorkspace(120, 'fatal-batch', 99_000)
  const before = emu.requests.length
  emu.inject({ op: 'batchCreate', fault: { type: 'latency', ms: 400 } })
  emu.inject({ op: 'upload', after: 70, times: 1000, fault: { type: '429', daily: true } })
  emu.inject({ op: 'upload', probability: 1, fault: { type: 'latency', ms: 30 } })
  const run = spawnDist(ws, { files: 'shots/*.png', 'album-id': album.id })
  const exitedAt = await run.exited
  const requests = emu.requests.slice(before)
  const fatalAnswer = requests.find((q) => q.op === 'upload' && q.status === 429)
  const batch = requests.find((q) => q.op === 'batchCreate')
  // The fatal answer came while the first batchCreate was in flight.
  expect(batch?.startedAt).toBeLessThan(fatalAnswer?.endedAt ?? 0)
  expect(batch?.endedAt).toBeGreaterThan(fatalAnswer?.endedAt ?? Infinity)
  expect(exitedAt - (fatalAnswer?.endedAt ?? 0)).toBeLessThan(2000)
  expect(run.exitCode()).toBe(1)
  const report = run.report()
  expect(report.state).toBe('stopped')
  const created = report.items.filter((i) => i.outcome === 'created')
  expect(created).toHaveLength(50)
  expect(emu.albumItemIds(album.id)).toEqual(created.map((i) => i.mediaItemId))
  expect(run.outputs()['created-count']).toBe('50')
})

test('SIGINT while albums.create outlasts its grace: the log says the album may exist, and how a re-run finds it', async () => {
  const ws = pngWorkspace(3, 'c-album', 99_500)
  const title = `Cancelled album ${Date.now()}`
  emu.inject({ op: 'albums.create', fault: { type: 'latency', ms: 8000 } })
  const run = spawnDist(ws, { files: 'shots/*.png', 'album-title': title })
  await until(() => emu.calls('albums.create').length > 0, 'albums.create')
  const signalledAt = run.kill('SIGINT')
  expect((await run.exited) - signalledAt).toBeLessThan(7500)
  expect(run.exitCode()).toBe(1)
  expect(run.stdout()).toContain(
    `::warning::albums.create for "${title}" was sent, but the run stopped before its answer came: the album may exist. A re-run with the same \`album-title\` finds it rather than making another.`
  )
  expect(run.report().state).toBe('cancelled')
}, 15_000)
