import { describe, expect, test } from '@jest/globals'
import { countTotals } from '../src/report/report.js'
import { escapeCell, link, renderSummary } from '../src/report/summary.js'
import type { ItemResult, Report } from '../src/types.js'

function report(items: ItemResult[], extra: Partial<Report> = {}): Report {
  return {
    version: '1.0.0',
    mode: 'create',
    dryRun: false,
    state: 'complete',
    album: { id: 'alb1', title: 'Release', url: 'https://photos.google.com/lr/album/alb1' },
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
    ['&amp; literally']
  ])('%j cannot inject Markdown or HTML, and reads the same', (input) => {
    const out = escapeCell(input)
    expect(out.replace(/&(#\d+|lt|gt|quot|amp);/g, '')).not.toMatch(/[<>|`*_[\]()#!&\n]/)
    expect(decode(out)).toBe(input.replace(/\n/g, ' '))
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
  expect(md).toContain('Full report: `/tmp/r.json`')
})

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
  const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l) && !l.startsWith('| 5000 | 4995'))
  expect(rows.slice(0, 5).every((r) => r.includes('failed'))).toBe(true)
  const m = /(\d+) of 5000 rows left out/.exec(md)
  expect(m).not.toBeNull()
  expect(Number(m?.[1]) + rows.length).toBe(5000)
  expect(md).toContain('/tmp/r.json')
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
  expect(md).toMatch(/dry run/)
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
