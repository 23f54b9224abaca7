/** The JSON report (totals, atomic and serialized writes) and the step outputs. */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setOutputs } from '../src/report/outputs.js'
import { countTotals, ReportWriter } from '../src/report/report.js'
import type { ItemResult, Outcome, Report } from '../src/types.js'
import { parseOutputFile } from './helpers/action.js'

const item = (index: number, outcome: Outcome, extra: Partial<ItemResult> = {}): ItemResult => ({
  index,
  source: `shots/f${index}.png`,
  fileName: `f${index}.png`,
  outcome,
  ...extra
})

function report(items: ItemResult[], extra: Partial<Report> = {}): Report {
  return {
    version: '1.0.0',
    mode: 'create',
    dryRun: false,
    state: 'complete',
    album: null,
    totals: countTotals(items),
    apiCalls: {},
    startedAt: '2026-01-01T00:00:00Z',
    items,
    ...extra
  }
}

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'))
})
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('countTotals', () => {
  test.each<
    [string, Outcome[], { total: number; created: number; failed: number; skipped: number }]
  >([
    ['nothing', [], { total: 0, created: 0, failed: 0, skipped: 0 }],
    [
      'created and found both count as created',
      ['created', 'found', 'created'],
      { total: 3, created: 3, failed: 0, skipped: 0 }
    ],
    [
      'planned only in the total',
      ['planned', 'planned', 'failed'],
      { total: 3, created: 0, failed: 1, skipped: 0 }
    ],
    [
      'a mix',
      ['created', 'failed', 'skipped', 'found', 'planned', 'failed', 'skipped'],
      { total: 7, created: 2, failed: 2, skipped: 2 }
    ]
  ])('%s', (_, outcomes, totals) => {
    expect(countTotals(outcomes.map((o, i) => item(i, o)))).toEqual(totals)
  })
})

describe('ReportWriter', () => {
  const leftovers = (d: string) => fs.readdirSync(d).filter((f) => f.endsWith('.tmp'))

  test('writes 2-space JSON, creating the parent directories, and leaves no temporary file', async () => {
    const file = path.join(dir, 'a', 'b', 'results.json')
    const r = report([item(0, 'created', { mediaItemId: 'm0' })])
    await new ReportWriter(file).write(r)
    const text = fs.readFileSync(file, 'utf8')
    expect(text).toBe(JSON.stringify(r, null, 2) + '\n')
    expect(JSON.parse(text)).toEqual(r)
    expect(leftovers(path.dirname(file))).toEqual([])
  })

  test('a reader never sees a partial file while writes go on', async () => {
    const file = path.join(dir, 'results.json')
    const writer = new ReportWriter(file)
    const big = (n: number) =>
      report(
        Array.from({ length: 4000 }, (_, i) =>
          item(i, 'created', { mediaItemId: `m${n}-${i}`, description: 'x'.repeat(100) })
        )
      )
    await writer.write(big(0))
    let writing = true
    const writes = Promise.all(Array.from({ length: 15 }, (_, n) => writer.write(big(n + 1))))
    void writes.finally(() => (writing = false))
    let reads = 0
    while (writing) {
      // Each read must be a whole report: JSON.parse throws on a torn file.
      const parsed = JSON.parse(await fs.promises.readFile(file, 'utf8')) as Report
      expect(parsed.items).toHaveLength(4000)
      reads++
    }
    await writes
    expect(reads).toBeGreaterThan(0)
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as Report).items[0]?.mediaItemId).toBe(
      'm15-0'
    )
    expect(leftovers(dir)).toEqual([])
  })

  test('writes are serialized: the last one called wins, and each keeps the report as it was', async () => {
    const file = path.join(dir, 'results.json')
    const writer = new ReportWriter(file)
    const r = report([item(0, 'planned')])
    const pending: Promise<void>[] = []
    for (let n = 1; n <= 20; n++) {
      r.items.push(item(n, 'created'))
      r.totals = countTotals(r.items)
      // The run goes on changing the same object while earlier writes wait.
      pending.push(writer.write(r))
    }
    r.items.push(item(99, 'failed'))
    await Promise.all(pending)
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as Report
    expect(written.items).toHaveLength(21)
    expect(written.totals).toEqual({ total: 21, created: 20, failed: 0, skipped: 0 })
  })

  test('tracked items: every field set or deleted after a write is in the next one', async () => {
    const file = path.join(dir, 'results.json')
    const writer = new ReportWriter(file)
    const r = report([item(0, 'planned'), item(1, 'planned', { mediaItemId: 'old' })])
    r.items = writer.track(r.items)
    await writer.write(r)
    const [first, second] = r.items
    if (!first || !second) throw new Error('two items')
    first.outcome = 'created'
    first.status = { code: 0, message: 'Success' }
    delete second.mediaItemId
    await writer.write(r)
    const text = fs.readFileSync(file, 'utf8')
    expect(text).toBe(JSON.stringify(r, null, 2) + '\n')
    const written = JSON.parse(text) as Report
    expect(written.items[0]).toMatchObject({ outcome: 'created', status: { code: 0 } })
    expect(written.items[1]).not.toHaveProperty('mediaItemId')
    writer.writeSync({ ...r, state: 'stopped' })
    expect(fs.readFileSync(file, 'utf8')).toBe(
      JSON.stringify({ ...r, state: 'stopped' }, null, 2) + '\n'
    )
  })

  test('tracked items over several blocks: each change reaches the file and the totals, and the array stays as tracked', async () => {
    const file = path.join(dir, 'results.json')
    const writer = new ReportWriter(file)
    const r = report(Array.from({ length: 120 }, (_, n) => item(n, 'planned')))
    r.items = writer.track(r.items)
    r.totals = writer.totals(r.items)
    await writer.write(r)
    expect(r.totals).toEqual({ total: 120, created: 0, failed: 0, skipped: 0 })
    // Items in the first and the last of three blocks of 50 change; the middle one not.
    for (const n of [0, 49, 100, 119]) {
      const it = r.items[n]
      if (!it) throw new Error(`item ${n}`)
      it.outcome = n === 119 ? 'failed' : 'created'
      it.mediaItemId = `m${n}`
    }
    delete r.items[101]?.fileName
    r.totals = writer.totals(r.items)
    expect(r.totals).toEqual(countTotals(r.items))
    expect(r.totals).toEqual({ total: 120, created: 3, failed: 1, skipped: 0 })
    await writer.write(r)
    expect(fs.readFileSync(file, 'utf8')).toBe(JSON.stringify(r, null, 2) + '\n')
    // An item's place is its block: the tracked array cannot be reordered or grown.
    expect(() => r.items.push(item(120, 'planned'))).toThrow(TypeError)
  })

  test('writeSync wins over an earlier write that had not finished', async () => {
    const file = path.join(dir, 'results.json')
    const writer = new ReportWriter(file)
    const early = writer.write(report([item(0, 'planned')]))
    writer.writeSync(report([item(0, 'failed')], { state: 'stopped', stoppedReason: 'killed' }))
    await early
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as Report
    expect(written.state).toBe('stopped')
    expect(written.items[0]?.outcome).toBe('failed')
    expect(leftovers(dir)).toEqual([])
  })

  test('a failed write rejects, and the writes after it still happen', async () => {
    const blocker = path.join(dir, 'not-a-dir')
    fs.writeFileSync(blocker, '')
    const writer = new ReportWriter(path.join(blocker, 'results.json'))
    await expect(writer.write(report([]))).rejects.toThrow()
    // Make the path usable, and the same writer carries on.
    fs.rmSync(blocker)
    await writer.write(report([item(0, 'created')]))
    const written = JSON.parse(
      fs.readFileSync(path.join(blocker, 'results.json'), 'utf8')
    ) as Report
    expect(written.items).toHaveLength(1)
  })
})

describe('setOutputs', () => {
  const saved = process.env.GITHUB_OUTPUT
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_OUTPUT
    else process.env.GITHUB_OUTPUT = saved
  })

  function outputsOf(r: Report, resultsFile: string): Record<string, string> {
    const file = path.join(dir, 'github-output')
    fs.writeFileSync(file, '')
    process.env.GITHUB_OUTPUT = file
    setOutputs(r, resultsFile)
    return parseOutputFile(fs.readFileSync(file, 'utf8'))
  }

  test('ids in input order (null unless created or found), counts, album and results file', () => {
    const outputs = outputsOf(
      report(
        [
          item(0, 'created', { mediaItemId: 'm0' }),
          item(1, 'failed', { mediaItemId: 'ignored' }),
          item(2, 'skipped'),
          item(3, 'found', { mediaItemId: 'm3' }),
          item(4, 'planned'),
          item(5, 'created', { mediaItemId: 'm5' })
        ],
        {
          // Stale totals in the report must not leak into the outputs.
          totals: { total: 0, created: 0, failed: 0, skipped: 0 },
          album: { id: 'alb1', title: 'T', url: 'https://photos.google.com/lr/album/alb1' }
        }
      ),
      '/tmp/results dir/r.json'
    )
    expect(outputs).toEqual({
      'media-item-ids': '["m0",null,null,"m3",null,"m5"]',
      'created-count': '3',
      'failed-count': '1',
      'skipped-count': '1',
      'total-count': '6',
      'album-id': 'alb1',
      'album-url': 'https://photos.google.com/lr/album/alb1',
      'results-file': '/tmp/results dir/r.json'
    })
    expect(JSON.parse(outputs['media-item-ids'] ?? '')).toHaveLength(6)
  })

  test('without an album, album-id and album-url are empty', () => {
    const outputs = outputsOf(report([item(0, 'failed')]), '/tmp/r.json')
    expect(outputs['album-id']).toBe('')
    expect(outputs['album-url']).toBe('')
    expect(outputs['media-item-ids']).toBe('[null]')
  })
})
