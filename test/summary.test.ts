import { afterEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { planGet } from '../src/plan.js'
import { countTotals } from '../src/report/report.js'
import {
  escapeCell,
  FOLD_ROWS_OVER,
  link,
  renderSummary,
  writeSummary
} from '../src/report/summary.js'
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
  expect(line).toBe(
    `Full report: <code>/tmp/my&#95;&#96;odd&#96; &#35; dir/r.json</code>. ${KEEP_REPORT}`
  )
})

/** What the report line adds: the file is gone with the runner unless a later step keeps it. */
const KEEP_REPORT =
  'It is a file on the runner: to keep it after the job, upload it with ' +
  '<code>actions/upload-artifact</code> in a later step with <code>if: always()</code>.'

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
  expect(md.trimEnd().split('\n').slice(-3)).toEqual([
    `${(5000 - shown.length).toLocaleString('en-US')} of 5,000 rows left out to stay within GitHub's summary size limit (failed items are listed first); every item is in the full report.`,
    '',
    `Full report: <code>/tmp/r.json</code>. ${KEEP_REPORT}`
  ])
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

describe('the item table: columns from what the rows hold, large runs folded', () => {
  const made = (i: number, extra: Partial<ItemResult> = {}) =>
    item(i, 'created', {
      status: { code: 0, message: 'Success' },
      mediaItemId: `AF1QipN${'x'.repeat(60)}${i}`,
      productUrl: `https://photos.google.com/lr/photo/m${i}`,
      mimeType: 'image/png',
      size: 48_211,
      mediaMetadata: { creationTime: '2026-11-01T10:00:00Z', width: '1920', height: '1080' },
      ...extra
    })
  const bad = (i: number) =>
    item(i, 'failed', {
      status: { code: 3, message: 'BAD_IMAGE: could not read it' },
      mimeType: 'image/png',
      size: 10
    })
  const lines = (md: string) => md.split('\n')
  const header = '| # | file | outcome | status | details | media item |'

  test('5 items: one table, failed first; the media item is the file name linked, not an id', () => {
    const md = renderSummary(report([made(0), made(1), bad(2), made(3), made(4)]), {
      resultsFile: '/tmp/r.json'
    })
    expect(md).not.toContain('<details>')
    expect(md).toContain(`Failed items are listed first.\n\n${header}\n`)
    expect(rowNumbers(md)).toEqual([3, 1, 2, 4, 5])
    expect(md).toContain(
      '| 1 | f0.png<br><sub>shots/f0.png</sub> | ✅ created | Success | image/png · 1920×1080 · 47.1 KB · 2026-11-01 | <a href="https://photos.google.com/lr/photo/m0">f0.png</a> |'
    )
    expect(md).toContain(
      '| 3 | f2.png<br><sub>shots/f2.png</sub> | ❌ failed | BAD&#95;IMAGE&#58; could not read it | image/png · 10 B |  |'
    )
    expect(md).not.toContain('AF1Qip')
    expect(md).not.toContain('…')
  })

  test("500 items with 3 failures: the failures open before <details>, the rest folded in GitHub's form", () => {
    const items = Array.from({ length: 500 }, (_, i) =>
      [17, 250, 499].includes(i) ? bad(i) : made(i)
    )
    const md = renderSummary(report(items), { resultsFile: '/tmp/r.json' })
    const all = lines(md)
    const open = all.indexOf('<details><summary>497 created</summary>')
    const close = all.indexOf('</details>')
    const failedHeading = all.indexOf('### 3 failed items')
    expect(failedHeading).toBeGreaterThan(0)
    expect(open).toBeGreaterThan(failedHeading)
    // The three failures, in input order, before the fold.
    expect(rowNumbers(all.slice(failedHeading, open).join('\n'))).toEqual([18, 251, 500])
    // A blank line after <summary> (else GitHub shows the table as text) and around </details>.
    expect(all.slice(open + 1, open + 4)).toEqual([
      '',
      header,
      '| ---: | --- | --- | --- | --- | --- |'
    ])
    expect(all[close - 1]).toBe('')
    expect(all[close + 1]).toBe('')
    const folded = rowNumbers(all.slice(open, close).join('\n'))
    expect(folded).toHaveLength(497)
    expect(folded.slice(0, 3)).toEqual([1, 2, 3])
    expect(md).toContain('<a href="https://photos.google.com/lr/photo/m42">f42.png</a>')
    expect(md).not.toMatch(/left out/)
  })

  test(`up to ${FOLD_ROWS_OVER} items stay in one open table; one more folds`, () => {
    const of = (n: number) => Array.from({ length: n }, (_, i) => made(i))
    const small = renderSummary(report(of(FOLD_ROWS_OVER)), { resultsFile: '/tmp/r.json' })
    expect(small).not.toContain('<details>')
    expect(rowNumbers(small)).toHaveLength(FOLD_ROWS_OVER)
    const large = renderSummary(report(of(FOLD_ROWS_OVER + 1)), { resultsFile: '/tmp/r.json' })
    expect(large).toContain(`<details><summary>${FOLD_ROWS_OVER + 1} created</summary>\n\n`)
    expect(large).not.toContain('failed items')
  })

  test('a stopped large run: own failures open, items never sent folded apart from the created', () => {
    const items = Array.from({ length: 120 }, (_, i) =>
      i < 49
        ? made(i)
        : i === 49
          ? bad(i)
          : item(i, 'failed', {
              status: { code: 10, message: 'Not attempted: the run stopped before it.' }
            })
    )
    const md = renderSummary(report(items, { state: 'stopped', stoppedReason: 'storage full' }), {
      resultsFile: '/tmp/r.json'
    })
    const all = lines(md)
    const notTried = all.indexOf(
      '<details><summary>70 not attempted: the run stopped first</summary>'
    )
    const created = all.indexOf('<details><summary>49 created</summary>')
    // The heading counts the failed items as the totals do: those tried and those not.
    expect(md).toContain('| 120 | 49 | 71 | 0 |')
    expect(all).toContain('### 71 failed items: 1 tried, 70 not attempted')
    expect(rowNumbers(all.slice(0, notTried).join('\n'))).toEqual([50])
    expect(created).toBeGreaterThan(notTried)
    expect(rowNumbers(all.slice(notTried, created).join('\n'))).toEqual(
      Array.from({ length: 70 }, (_, i) => 51 + i)
    )
  })

  test('a cancelled large run: the items never sent are folded as cancelled, not as failed', () => {
    const items = Array.from({ length: 120 }, (_, i) =>
      i < 100
        ? made(i)
        : item(i, 'failed', { status: { code: 1, message: 'Cancelled before it was created.' } })
    )
    const md = renderSummary(
      report(items, { state: 'cancelled', stoppedReason: 'The run was cancelled (SIGINT).' }),
      { resultsFile: '/tmp/r.json' }
    )
    expect(md).toContain('<details><summary>20 cancelled before they were created</summary>')
    // None was tried: no heading over an empty table, the fold says it all.
    expect(md).not.toContain('### 20 failed items')
    expect(md).not.toMatch(/\n\n\n/)
    expect(md).not.toMatch(/failed items?<|not attempted/)
    const one = renderSummary(
      report(
        [
          ...items.slice(0, 100),
          item(100, 'failed', { status: { code: 1, message: 'Cancelled before it was read.' } })
        ],
        { mode: 'get', state: 'cancelled' }
      ),
      { resultsFile: '/tmp/r.json' }
    )
    expect(one).toContain('<details><summary>1 cancelled before it was read</summary>')
  })

  test('a column no row fills is left out; one row that fills it brings it in', () => {
    const bare = [item(0, 'planned', { batch: 1 }), item(1, 'planned', { batch: 1 })]
    const plain = renderSummary(report(bare), { resultsFile: '/tmp/r.json' })
    expect(plain).toContain('| # | file | outcome | status |\n| ---: | --- | --- | --- |\n')
    const one = renderSummary(report([...bare, item(2, 'planned', { mimeType: 'image/png' })]), {
      resultsFile: '/tmp/r.json'
    })
    expect(one).toContain('| # | file | outcome | status | details |\n')
    expect(one).toContain('| 1 | f0.png<br><sub>shots/f0.png</sub> | 🗓️ planned | batch 1 |  |')
    expect(one).toContain('| 3 | f2.png<br><sub>shots/f2.png</sub> | 🗓️ planned |  | image/png |')
  })

  test("metadata, compactly: type, size in pixels and bytes, the day, a video's status", () => {
    const video = made(0, {
      fileName: 'clip.mp4',
      mimeType: 'video/mp4',
      size: 3 * 1024 * 1024,
      mediaMetadata: { creationTime: '2026-11-02T23:59:59Z', width: '1280', height: '720' },
      videoStatus: 'PROCESSING'
    })
    const found = item(1, 'found', {
      source: 'id1',
      fileName: 'x.heic',
      mediaItemId: 'id1',
      productUrl: 'https://photos.google.com/lr/photo/id1',
      status: { code: 0, message: 'Found' },
      mimeType: 'image/heic',
      mediaMetadata: { creationTime: 'not a date', width: '4032' }
    })
    const md = renderSummary(report([video, found]), { resultsFile: '/tmp/r.json' })
    expect(md).toContain('| video/mp4 · 1280×720 · 3.0 MB · 2026-11-02 · video PROCESSING |')
    expect(md).toContain(
      '| ✅ found | Found | image/heic | <a href="https://photos.google.com/lr/photo/id1">x.heic</a> |'
    )
  })

  test('a file name in the media item link is escaped; an item without an https URL has no link', () => {
    const md = renderSummary(
      report([
        made(0, { fileName: '<img src=x>.png' }),
        made(1, { productUrl: 'http://photos.google.com/lr/photo/m1' })
      ]),
      { resultsFile: '/tmp/r.json' }
    )
    expect(md).toContain('">&lt;img src=x&gt;.png</a> |')
    expect(md).not.toContain('<img')
    const row = md.split('\n').find((l) => l.startsWith('| 2 | f1.png'))
    expect(row?.endsWith(' · 2026-11-01 |  |')).toBe(true)
  })

  test('cut for size inside a fold: the <details> is still closed, and the left-out line follows', () => {
    const items = Array.from({ length: 3000 }, (_, i) => (i % 500 === 3 ? bad(i) : made(i)))
    const md = renderSummary(report(items), { resultsFile: '/tmp/r.json', maxBytes: 30_000 })
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(30_000)
    expect(md.split('<details>').length).toBe(md.split('</details>').length)
    const shown = rowNumbers(md)
    expect(shown.slice(0, 6)).toEqual([4, 504, 1004, 1504, 2004, 2504])
    expect(md.trimEnd().split('\n').slice(-5)).toEqual([
      '</details>',
      '',
      `${(3000 - shown.length).toLocaleString('en-US')} of 3,000 rows left out to stay within GitHub's summary size limit (failed items are listed first); every item is in the full report.`,
      '',
      `Full report: <code>/tmp/r.json</code>. ${KEEP_REPORT}`
    ])
    // The fold that was cut says how many of its rows it shows.
    const folded = shown.length - 6
    expect(md).toContain(
      `<details><summary>2,994 created (the first ${folded.toLocaleString('en-US')} shown; every item is in the full report)</summary>`
    )
    expect(md).toContain('### 6 failed items\n')

    // With no report written (it could not be), nothing points to one.
    const noReport = renderSummary(report(items), { resultsFile: '', maxBytes: 30_000 })
    expect(noReport).not.toContain('every item is in the full report')
    expect(noReport).not.toContain('Full report:')
    expect(noReport).toMatch(
      /<details><summary>2,994 created \(the first [\d,]+ shown\)<\/summary>/
    )
    expect(noReport.trimEnd().split('\n').slice(-1)).toEqual([
      'No JSON report: it could not be written (the error says why), so this summary and the outputs are the record of this run.'
    ])
  })
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
  // No media item yet, and nothing known of the item beyond its batch: no empty columns.
  expect(md).toContain('| # | file | outcome | status |\n| ---: | --- | --- | --- |\n')
  expect(md).toContain('| 1 | f0.png<br><sub>shots/f0.png</sub> | 🗓️ planned | batch 1 |\n')
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

test('a run stopped before it had an item renders no item table', () => {
  const md = renderSummary(
    report([], { album: null, apiCalls: {}, state: 'stopped', stoppedReason: 'GitHub failed' }),
    { resultsFile: '/tmp/r.json' }
  )
  expect(md).toContain('The run stopped: GitHub failed')
  expect(md.split('\n').filter((line) => line.startsWith('|'))).toEqual([
    '| total | created | failed | skipped |',
    '| ---: | ---: | ---: | ---: |',
    '| 0 | 0 | 0 | 0 |'
  ])
  expect(md).toContain('Full report: <code>/tmp/r.json</code>')
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
  expect(md).toContain('| 2 | id1 | ❌ failed | NOT&#95;FOUND |\n')
  expect(md).toContain('| 1 | a.png<br><sub>id0</sub> | ✅ found |')
  expect(md).toContain('**API calls made:** 1 (batchGet 1)')
  expect(md).not.toContain('Album')
})

test('get mode dry run: the plan names its batches as the calls that read the ids', () => {
  const items = [item(0, 'planned', { source: 'id0', fileName: undefined })]
  const plan = planGet(items)
  const md = renderSummary(
    report(items, { mode: 'get', dryRun: true, album: null, apiCalls: plan.apiCalls }),
    { resultsFile: '/tmp/r.json', plan }
  )
  expect(md).toContain(
    'Nothing was changed. The run would read the distinct ids in these batches:\n\n| batch | ids | call |\n| ---: | --- | --- |\n| 1 | 1 (#1–#1) | batchGet |\n'
  )
  expect(md).not.toContain('position')
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
