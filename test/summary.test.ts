import { afterEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { countTotals } from '../src/report/report.js'
import { escapeCell, link, renderSummary, writeSummary } from '../src/report/summary.js'
import type { ItemResult, Report } from '../src/types.js'

function report(items: ItemResult[], extra: Partial<Report> = {}): Report {
  return {
    version: '1.0.0',
    mode: 'create',
    dryRun: false,
    state: 'complete',
    album: {
      id: 'alb1',
      title: 'Release',
      url: 'https://photos.google.com/lr/album/alb1',
      created: true
    },
    totals: countTotals(items),
    apiCalls: { upload: 2, batchCreate: 1 },
    startedAt: '2026-01-01T00:00:00Z',
    items,
    ...extra
  }
}

const item = (
  index: number,
  outcome: ItemResult['outcome'],
  extra: Partial<ItemResult> = {}
): ItemResult => ({
  index,
  source: `shots/f${index}.png`,
  fileName: `f${index}.png`,
  outcome,
  ...extra
})

/** What a reader sees once GitHub has rendered the entities. */
const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')

describe('escapeCell', () => {
  test.each([
    ['<img src=x onerror=alert(1)>'],
    ['[x](javascript:alert(1))'],
    ['a|b'],
    ['line1\nline2'],
    ['`code`'],
    ['**bold** _it_'],
    ['<script>alert("x")</script>'],
    ['![img](https://evil.example/x.png)'],
    ['# heading'],
    ['&amp; literally'],
    ['it\'s "quoted"'],
    ['~~strike~~ \\escaped\\'],
    ['a\r\nb\rc'],
    ['see http://evil.example/x or www.evil.example'],
    ['<a href="https://evil.example">x</a>']
  ])('%j cannot inject Markdown or HTML, and reads the same', (input) => {
    const out = escapeCell(input)
    expect(out.replace(/&(#\d+|lt|gt|quot|amp);/g, '')).not.toMatch(/[<>|`*_[\]()#!&~\\"':\r\n]/)
    expect(out).not.toMatch(/https?:\/\/|www\./i)
    expect(decode(out)).toBe(input.replace(/\r\n|\r|\n/g, ' '))
  })
})

describe('links', () => {
  test('only https:// URLs become links', () => {
    expect(link('a', 'https://photos.google.com/lr/photo/x')).toBe(
      '<a href="https://photos.google.com/lr/photo/x">a</a>'
    )
    expect(link('a', 'javascript:alert(1)')).toBe('a')
    expect(link('a', 'http://photos.google.com/x')).toBe('a')
    expect(link('a', 'https://x" onclick="y')).toBe('a')
    expect(link('a', ' https://photos.google.com/x')).toBe('a')
    expect(link('a', 'https://')).toBe('a')
    // A raw pipe would end the table cell, even inside the attribute.
    expect(link('a|b', 'https://photos.google.com/x|y&z=1')).toBe(
      '<a href="https://photos.google.com/x%7Cy&amp;z=1">a&#124;b</a>'
    )
  })

  test('an album URL that is not https is shown as text', () => {
    const md = renderSummary(
      report([], { album: { id: 'a1', title: 'Holiday', url: 'http://photos.google.com/a1' } }),
      { resultsFile: '/tmp/r.json' }
    )
    expect(md).toContain('**Album:** Holiday (existing album)')
    expect(md).not.toContain('<a ')
  })

  test('a product URL that is not https is shown as text, never a link', () => {
    const md = renderSummary(
      report([item(0, 'created', { mediaItemId: 'm1', productUrl: 'javascript:alert(1)' })]),
      {
        resultsFile: '/tmp/r.json'
      }
    )
    expect(md).not.toContain('javascript:alert(1)"')
    expect(md).not.toMatch(/href="javascript/)
  })
})

test('heading, totals, album link, one row per item, failed first', () => {
  const md = renderSummary(
    report([
      item(0, 'created', {
        mediaItemId: 'm0',
        productUrl: 'https://photos.google.com/lr/photo/m0',
        status: { code: 0, message: 'Success' }
      }),
      item(1, 'failed', { status: { code: 3, message: 'BAD_IMAGE: <b>broken</b>' } }),
      item(2, 'skipped', { status: { code: 0, message: 'Already in the album' } })
    ]),
    { resultsFile: '/tmp/r.json' }
  )
  expect(md).toMatch(/^## Google Photos: 1 created, 1 failed, 1 skipped/)
  expect(md).toContain('| 3 | 1 | 1 | 1 |')
  expect(md).toContain('<a href="https://photos.google.com/lr/album/alb1">Release</a>')
  const rows = md.split('\n').filter((l) => /^\| \d+ \| f/.test(l))
  expect(rows.map((r) => r.split('|')[1]?.trim())).toEqual(['2', '1', '3'])
  expect(md).not.toContain('<b>')
  expect(decode(md)).toContain('BAD_IMAGE: <b>broken</b>')
  expect(md).toContain('(created by this run)')
  expect(md).toContain('Failed items are listed first.')
  expect(md).toContain('Full report: <code>/tmp/r.json</code>')
})

test('the results file path is shown as text, whatever it holds', () => {
  const md = renderSummary(report([item(0, 'created')]), {
    resultsFile: '/tmp/my_`odd`\n# dir/r.json'
  })
  const line = md.split('\n').find((l) => l.startsWith('Full report:'))
  expect(line).toBe('Full report: <code>/tmp/my&#95;&#96;odd&#96; &#35; dir/r.json</code>')
})

/** The item rows of a rendered summary, as their 1-based # column. */
const rowNumbers = (md: string) =>
  md
    .slice(md.indexOf('| # | file |'))
    .split('\n')
    .map((l) => /^\| (\d+) \|/.exec(l)?.[1])
    .filter((n) => n !== undefined)
    .map(Number)

test('large runs stay under the size limit: failed rows first, then a line with what was left out', () => {
  const items = Array.from({ length: 5000 }, (_, i) =>
    i % 1000 === 999
      ? item(i, 'failed', { status: { code: 3, message: 'BAD_IMAGE' } })
      : item(i, 'created', {
          mediaItemId: `m${i}`,
          productUrl: `https://photos.google.com/lr/photo/m${i}`,
          status: { code: 0, message: 'Success' }
        })
  )
  const md = renderSummary(report(items), { resultsFile: '/tmp/r.json', maxBytes: 20_000 })
  expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000)
  const shown = rowNumbers(md)
  expect(shown.length).toBeGreaterThan(50)
  // The five failed items, then the others from the start, in input order.
  expect(shown.slice(0, 5)).toEqual([1000, 2000, 3000, 4000, 5000])
  expect(shown.slice(5)).toEqual(Array.from({ length: shown.length - 5 }, (_, i) => i + 1))
  const last = md.trimEnd().split('\n').pop()
  expect(last).toBe(
    `${5000 - shown.length} of 5000 rows left out to stay within GitHub's summary size limit (failed items are listed first). Full report: <code>/tmp/r.json</code>`
  )
})

test('nothing is left out when everything fits', () => {
  const items = Array.from({ length: 30 }, (_, i) => item(i, 'created'))
  const md = renderSummary(report(items), { resultsFile: '/tmp/r.json' })
  expect(rowNumbers(md)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
  expect(md).not.toMatch(/left out|listed first/)
})

test('the default limit holds for 20,000 items with long names', () => {
  const items = Array.from({ length: 20_000 }, (_, i) =>
    item(i, 'created', {
      fileName: `${'very-long-name-'.repeat(10)}${i}.png`,
      mediaItemId: `m${i}`,
      productUrl: `https://photos.google.com/lr/photo/m${i}`
    })
  )
  const md = renderSummary(report(items), { resultsFile: '/tmp/r.json' })
  expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
  expect(md).toMatch(/rows left out/)
})

test('dry run: the plan and what it will cost', () => {
  const md = renderSummary(
    report([item(0, 'planned', { batch: 1 })], {
      dryRun: true,
      apiCalls: { 'albums.create': 1, upload: 120, batchCreate: 3 },
      album: { id: '', title: 'New album', created: true }
    }),
    {
      resultsFile: '/tmp/r.json',
      plan: {
        batches: [
          { number: 1, size: 50, position: 'first in album', firstIndex: 0, lastIndex: 49 },
          {
            number: 2,
            size: 50,
            position: 'after the last item created by batch 1',
            firstIndex: 50,
            lastIndex: 99
          }
        ]
      }
    }
  )
  expect(md).toMatch(/^## Google Photos: dry run, 1 item planned\n/)
  expect(md).toContain(
    '| total | planned | failed | skipped |\n| ---: | ---: | ---: | ---: |\n| 1 | 1 | 0 | 0 |'
  )
  expect(md).toContain('| 1 | f0.png<br><sub>shots/f0.png</sub> | 🗓️ planned | batch 1 |  |')
  expect(md).toContain('Nothing was changed')
  expect(md).toContain('| 2 | 50 (#51–#100) | after the last item created by batch 1 |')
  expect(md).toContain('API calls it will cost:** 124')
  expect(md).toContain('New album (would be created)')
})

test('a stopped run says why, above everything else', () => {
  const md = renderSummary(
    report([item(0, 'failed')], { state: 'stopped', stoppedReason: 'daily quota is spent' }),
    {
      resultsFile: '/tmp/r.json'
    }
  )
  expect(md.split('\n').slice(0, 4).join('\n')).toContain('The run stopped: daily quota is spent')
})

test('a dry run with thousands of batches keeps the plan within half of the room', () => {
  const batches = Array.from({ length: 2000 }, (_, i) => ({
    number: i + 1,
    size: 50,
    position: `after the last item created by batch ${i}`,
    firstIndex: i * 50,
    lastIndex: i * 50 + 49
  }))
  const md = renderSummary(report([item(0, 'planned', { batch: 1 })], { dryRun: true }), {
    resultsFile: '/tmp/r.json',
    maxBytes: 20_000,
    plan: { batches }
  })
  expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000)
  const planRows = md.split('\n').filter((l) => / \| 50 \(#\d+–#\d+\) \| /.test(l))
  expect(planRows.length).toBeGreaterThan(10)
  expect(md).toContain(`${2000 - planRows.length} more batches not shown.`)
  expect(rowNumbers(md)).toEqual([1])
})

test('get mode: found items, and the heading says so', () => {
  const md = renderSummary(
    report(
      [
        item(0, 'found', { source: 'id0', fileName: 'a.png', mediaItemId: 'id0' }),
        item(1, 'failed', {
          source: 'id1',
          fileName: undefined,
          status: { code: 5, message: 'NOT_FOUND' }
        })
      ],
      { mode: 'get', album: null, apiCalls: { batchGet: 1 } }
    ),
    { resultsFile: '/tmp/r.json' }
  )
  expect(md).toMatch(/^## Google Photos: get, 1 found, 1 failed\n/)
  expect(md).toContain('| total | found | failed | skipped |')
  expect(md).toContain('| 2 | id1 | ❌ failed | NOT&#95;FOUND |  |')
  expect(md).toContain('| 1 | a.png<br><sub>id0</sub> | ✅ found |')
  expect(md).toContain('**API calls made:** 1 (batchGet 1)')
  expect(md).not.toContain('Album')
})

describe('writeSummary', () => {
  const saved = process.env.GITHUB_STEP_SUMMARY
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY
    else process.env.GITHUB_STEP_SUMMARY = saved
  })

  test('appends to the file named by GITHUB_STEP_SUMMARY at the time of the call', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-'))
    const first = path.join(dir, 'first.md')
    const second = path.join(dir, 'second.md')
    fs.writeFileSync(first, 'earlier step\n')
    process.env.GITHUB_STEP_SUMMARY = first
    await writeSummary('one\n')
    process.env.GITHUB_STEP_SUMMARY = second
    await writeSummary('two\n')
    expect(fs.readFileSync(first, 'utf8')).toBe('earlier step\none\n')
    expect(fs.readFileSync(second, 'utf8')).toBe('two\n')
  })

  test('does nothing without GITHUB_STEP_SUMMARY', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await expect(writeSummary('x')).resolves.toBeUndefined()
  })
})
