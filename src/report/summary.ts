/**
 * The job summary: a pure renderer and one write. Everything that came from a file name,
 * a description, an album title or an API message is escaped; only https:// URLs become
 * links; the whole stays under GitHub's 1 MiB limit for a step.
 */
import fs from 'node:fs'
import { formatBytes } from '../progress.js'
import type { ItemResult, Outcome, Report, Totals } from '../types.js'
import { countTotals, describeVerification } from './report.js'

export interface SummaryPlan {
  batches: {
    number: number
    size: number
    position: string
    firstIndex: number
    lastIndex: number
  }[]
}

/** GitHub refuses a step summary over 1 MiB; keep a margin. */
export const MAX_SUMMARY_BYTES = 1_000_000

const MARK: Record<Outcome, string> = {
  created: '✅ created',
  found: '✅ found',
  skipped: '⏭️ skipped',
  failed: '❌ failed',
  planned: '🗓️ planned'
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

/**
 * Text safe in a Markdown table cell: no HTML, no Markdown syntax, one line. One pass, so
 * that the entities it writes are never escaped again. `:` and the dot of `www.` are
 * escaped too: GitHub turns `http://…` and `www.…` in plain text into links.
 */
export function escapeCell(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[&<>"'\\`*_[\]()#~!|:]|(?<=\bwww)\./gi, (c) => ENTITIES[c] ?? `&#${c.charCodeAt(0)};`)
}

/** Whether `escapeCell` changes the text: most file names and messages need nothing. */
const NEEDS_ESCAPE = /[\r\n&<>"'\\`*_[\]()#~!|:]|www\./i

/** The URL, ready for an href attribute, when it is a plain https:// URL; else undefined. */
function safeHref(url: string | undefined): string | undefined {
  if (!url || !/^https:\/\/[^\s<>"'`\\]+$/i.test(url)) return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'https:' || !parsed.hostname) return undefined
  // A raw `|` would split the table cell even inside an attribute.
  return parsed.href.replace(/&/g, '&amp;').replace(/\|/g, '%7C')
}

/** A link only for https:// URLs; anything else is shown as escaped text. */
export function link(text: string, url: string | undefined): string {
  return anchor(text, safeHref(url))
}

function anchor(text: string, href: string | undefined): string {
  return href ? `<a href="${href}">${escapeCell(text)}</a>` : escapeCell(text)
}

/**
 * A count as prose gives it: 9,800. By hand: `toLocaleString` loads ICU's number formats
 * at its first call, 13-25 ms of every run's end on this machine.
 */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

const plural = (n: number, word: string) => `${grouped(n)} ${word}${n === 1 ? '' : 's'}`

export function renderSummary(
  report: Report,
  opts: { resultsFile: string; maxBytes?: number; plan?: SummaryPlan }
): string {
  const maxBytes = opts.maxBytes ?? MAX_SUMMARY_BYTES
  const totals = countTotals(report.items)
  const planned = report.items.filter((i) => i.outcome === 'planned').length
  const head: string[] = [`## ${heading(report, totals, planned)}`, '']

  if (report.state === 'stopped') {
    const reason = (report.stoppedReason ?? 'unknown reason').slice(0, 2000)
    head.push('> [!CAUTION]', `> The run stopped: ${escapeCell(reason)}`, '')
  } else if (report.state === 'cancelled') {
    const reason = (report.stoppedReason ?? 'The run was cancelled.').slice(0, 2000)
    head.push('> [!CAUTION]', `> ${escapeCell(reason)}`, '')
  } else if (report.state === 'running') {
    head.push('> [!WARNING]', '> The run did not finish; this is what it had done.', '')
  }

  const done = report.mode === 'get' ? 'found' : 'created'
  const [countName, count] = report.dryRun ? ['planned', planned] : [done, totals.created]
  head.push(
    `| total | ${countName} | failed | skipped |`,
    '| ---: | ---: | ---: | ---: |',
    `| ${totals.total} | ${count} | ${totals.failed} | ${totals.skipped} |`,
    ''
  )

  if (report.album) {
    const name = report.album.title ?? (report.album.id || 'new album')
    const origin = report.album.created
      ? report.dryRun
        ? 'would be created'
        : 'created by this run'
      : 'existing album'
    head.push(`**Album:** ${link(name, report.album.url)} (${origin})`, '')
  }

  if (report.dryRun && opts.plan) {
    // A get run's batches are calls that read ids; a create run's are placed in the album.
    const [intro, columns] =
      report.mode === 'get'
        ? ['The run would read the distinct ids in these batches:', '| batch | ids | call |']
        : ['The run would make these batches:', '| batch | items | position |']
    head.push('### Plan', '', `Nothing was changed. ${intro}`, '')
    head.push(columns, '| ---: | --- | --- |')
    // A plan never takes more than half of the room: the item rows matter more.
    let planBytes = 0
    const batches = opts.plan.batches
    let shown = 0
    for (const b of batches) {
      const row = `| ${b.number} | ${b.size} (#${b.firstIndex + 1}–#${b.lastIndex + 1}) | ${escapeCell(b.position)} |`
      planBytes += Buffer.byteLength(row) + 1
      if (planBytes > maxBytes / 2) break
      head.push(row)
      shown++
    }
    if (shown < batches.length) {
      const more = batches.length - shown
      head.push('', `${more} more ${more === 1 ? 'batch' : 'batches'} not shown.`)
    }
    head.push('')
  }

  const calls = Object.entries(report.apiCalls)
  if (calls.length > 0) {
    const total = calls.reduce((sum, [, n]) => sum + n, 0)
    const label = report.dryRun ? 'API calls it will cost' : 'API calls made'
    head.push(
      `**${label}:** ${grouped(total)} (${calls.map(([op, n]) => `${escapeCell(op)} ${grouped(n)}`).join(', ')})`,
      ''
    )
  }

  head.push(...verificationLines(report))

  const reportLine = opts.resultsFile
    ? `Full report: <code>${escapeCell(opts.resultsFile)}</code>. ${KEEP_REPORT}`
    : 'No JSON report: it could not be written (the error says why), so this summary and the outputs are the record of this run.'

  const inReport = opts.resultsFile ? '; every item is in the full report' : ''
  const { header, row, sections } = itemTables(report.items, totals, report.mode, inReport)
  const parts = [...head]
  let bytes = Buffer.byteLength(parts.join('\n') + '\n')
  // Room for the closing lines (a section's end, the left-out line, the report line) and
  // for what a cut section's opening line adds once its rows are counted.
  const reserve = 400 + Buffer.byteLength(reportLine)
  const rowCount = report.items.length
  let shown = 0
  for (const [k, section] of sections.entries()) {
    const gap = k > 0 ? [''] : []
    const table = section.items.length > 0 ? [header] : []
    const openBytes =
      Buffer.byteLength([...gap, ...section.open(section.items.length), ...table].join('\n')) + 1
    if (bytes + openBytes + reserve > maxBytes) break
    bytes += openBytes
    // The opening line says how many rows it shows, so it is written once they are counted.
    const rows: string[] = []
    for (const item of section.items) {
      const line = row(item)
      const size = Buffer.byteLength(line) + 1
      if (bytes + size + reserve > maxBytes) break
      rows.push(line)
      bytes += size
    }
    // A table with no room for a single row is left out, heading and all.
    if (rows.length === 0 && section.items.length > 0) break
    parts.push(...gap, ...section.open(rows.length), ...table, ...rows, ...section.close)
    shown += rows.length
    if (rows.length < section.items.length) break
  }
  parts.push('')
  if (shown < rowCount) {
    const failedFirst = totals.failed > 0 && totals.failed < totals.total
    parts.push(
      `${grouped(rowCount - shown)} of ${grouped(rowCount)} rows left out to stay within GitHub's summary size limit${failedFirst ? ' (failed items are listed first)' : ''}${inReport}.`,
      ''
    )
  }
  parts.push(reportLine)
  parts.push('')
  return parts.join('\n')
}

/** The report is a file on the runner, gone with the job on a hosted runner unless kept. */
const KEEP_REPORT =
  'It is a file on the runner: to keep it after the job, upload it with ' +
  '<code>actions/upload-artifact</code> in a later step with <code>if: always()</code>.'

function heading(report: Report, totals: ReturnType<typeof countTotals>, planned: number): string {
  if (report.dryRun) {
    const mode = report.mode === 'get' ? 'get, ' : ''
    return `Google Photos: dry run, ${mode}${plural(planned, 'item')} planned`
  }
  if (report.mode === 'get') {
    return `Google Photos: get, ${grouped(totals.created)} found, ${grouped(totals.failed)} failed`
  }
  const skipped = totals.skipped > 0 ? `, ${grouped(totals.skipped)} skipped` : ''
  return `Google Photos: ${grouped(totals.created)} created, ${grouped(totals.failed)} failed${skipped}`
}

/**
 * A run of more than this many items folds every row but those of items that failed on
 * their own into `<details>`, as test reporters do, so that failures are what the page shows.
 */
export const FOLD_ROWS_OVER = 20

interface Section {
  /**
   * Lines before the table (a heading, or the opening of a `<details>` block), given how
   * many of the items have a row: the summary may have room for fewer than all.
   */
  open: (shown: number) => string[]
  /** The items of the table; a row is rendered only when the summary has room for it. */
  items: ItemResult[]
  close: string[]
}

interface Column {
  header: string
  align: string
  cell: (item: ItemResult) => string
}

const COLUMNS: Column[] = [
  { header: '#', align: '---:', cell: (i) => String(i.index + 1) },
  { header: 'file', align: '---', cell: fileCell },
  { header: 'outcome', align: '---', cell: (i) => MARK[i.outcome] },
  { header: 'status', align: '---', cell: statusCell },
  { header: 'details', align: '---', cell: detailsCell },
  { header: 'media item', align: '---', cell: mediaCell }
]

/**
 * Failed items first, then the others, each group in input order. A small run is one
 * table; a large one shows its failures open and folds the rest: items that were never
 * tried because the run stopped (the reason is given once, above), then the others.
 * Every table has the same columns (those that at least one row fills), so one header
 * and one row renderer serve them all.
 */
function itemTables(
  items: readonly ItemResult[],
  totals: Totals,
  mode: Report['mode'],
  /** What a cut section's label adds of the JSON report: nothing when there is none. */
  inReport: string
): { header: string; row: (item: ItemResult) => string; sections: Section[] } {
  // A column is used once one row fills it (most are by the first row); the rows
  // themselves are rendered only as far as the summary's size allows, not for all 10,000.
  const columns = COLUMNS.filter((c) => items.some((item) => c.cell(item) !== ''))
  const header = [
    `| ${columns.map((c) => c.header).join(' | ')} |`,
    `| ${columns.map((c) => c.align).join(' | ')} |`
  ].join('\n')
  const row = (item: ItemResult) => `| ${columns.map((c) => c.cell(item)).join(' | ')} |`

  // A run stopped before it had an item (a release that could not be read) has no table.
  if (items.length === 0) return { header, row, sections: [] }
  const failed = items.filter((i) => i.outcome === 'failed')
  const others = items.filter((i) => i.outcome !== 'failed')
  if (items.length <= FOLD_ROWS_OVER) {
    const failedFirst = totals.failed > 0 && totals.failed < totals.total
    const open = () => (failedFirst ? ['Failed items are listed first.', ''] : [])
    return { header, row, sections: [{ open, items: [...failed, ...others], close: [] }] }
  }
  const notTried = failed.filter(neverTried)
  const ownFailures = failed.filter((i) => !neverTried(i))
  const sections: Section[] = []
  // A run that stopped before it tried any: the fold below says so, with no empty table.
  if (ownFailures.length > 0) {
    // The heading counts every failed item, as the totals do; those never sent are folded below.
    const open = (shown: number) => {
      const all = plural(failed.length, 'failed item')
      const tried = cut(shown, ownFailures.length, inReport)
      const heading =
        notTried.length > 0
          ? `${all}: ${grouped(ownFailures.length)} tried${tried}, ${notTriedLabel(notTried, mode, false)}`
          : `${all}${tried}`
      return [`### ${heading}`, '']
    }
    sections.push({ open, items: ownFailures, close: [] })
  }
  for (const [group, label] of [
    [notTried, notTriedLabel(notTried, mode)],
    [others, countsLabel(others)]
  ] as const) {
    if (group.length === 0) continue
    sections.push({
      // GitHub renders Markdown inside <details> only after a blank line.
      open: (shown) => [
        `<details><summary>${label}${cut(shown, group.length, inReport)}</summary>`,
        ''
      ],
      items: group,
      close: ['', '</details>']
    })
  }
  return { header, row, sections }
}

/** What a section's label adds when the summary had room for only some of its rows. */
function cut(shown: number, of: number, inReport: string): string {
  return shown < of ? ` (the first ${grouped(shown)} shown${inReport})` : ''
}

/** Failed only because the run stopped or was cancelled before the item was sent. */
function neverTried(item: ItemResult): boolean {
  return item.status?.code === STOPPED_CODE || item.status?.code === CANCELLED_CODE
}
const STOPPED_CODE = 10
const CANCELLED_CODE = 1

/**
 * Why the items of the group were not made: the run was cancelled, or it stopped (some may
 * have been uploaded, none was sent to batchCreate).
 */
function notTriedLabel(group: readonly ItemResult[], mode: Report['mode'], why = true): string {
  const n = group.length
  if (group.every((i) => i.status?.code === CANCELLED_CODE)) {
    const verb = mode === 'get' ? 'read' : 'created'
    return `${grouped(n)} cancelled before ${n === 1 ? 'it was' : 'they were'} ${verb}`
  }
  return `${grouped(n)} not attempted${why ? ': the run stopped first' : ''}`
}

/** "490 created, 7 skipped": the outcomes of a folded group, in a fixed order. */
function countsLabel(group: readonly ItemResult[]): string {
  const order: Outcome[] = ['created', 'found', 'skipped', 'planned']
  return order
    .map((outcome) => [outcome, group.filter((i) => i.outcome === outcome).length] as const)
    .filter(([, n]) => n > 0)
    .map(([outcome, n]) => `${grouped(n)} ${outcome}`)
    .join(', ')
}

function fileCell(item: ItemResult): string {
  const name = item.fileName ?? item.source
  return item.fileName && item.source !== item.fileName
    ? `${escapeCell(name)}<br><sub>${escapeCell(item.source)}</sub>`
    : escapeCell(name)
}

function statusCell(item: ItemResult): string {
  const status =
    item.status?.message ?? (item.outcome === 'planned' && item.batch ? `batch ${item.batch}` : '')
  return escapeCell(status)
}

/** What the item is, compactly: "image/png · 1920×1080 · 1.2 MB · 2026-11-01". */
function detailsCell(item: ItemResult): string {
  const meta = item.mediaMetadata
  const day = /^\d{4}-\d{2}-\d{2}/.exec(meta?.creationTime ?? '')?.[0]
  const parts = [
    item.mimeType,
    meta?.width && meta.height ? `${meta.width}×${meta.height}` : undefined,
    item.size !== undefined ? formatBytes(item.size) : undefined,
    day,
    item.videoStatus ? `video ${item.videoStatus}` : undefined
  ]
  return escapeCell(parts.filter(Boolean).join(' · '))
}

/** The media item's file name, linked to it in Google Photos; ids are in the report. */
function mediaCell(item: ItemResult): string {
  // One URL parse a row: a summary of 300 items spent half its time on a second one.
  const href = item.mediaItemId ? safeHref(item.productUrl) : undefined
  return href ? anchor(item.fileName ?? 'open', href) : ''
}

/** With `verify`: one line on how many created items batchGet found again. */
function verificationLines(report: Report): string[] {
  const v = report.verification
  if (!v) return []
  const error = v.error ? ` The read-back stopped: ${escapeCell(v.error.slice(0, 500))}` : ''
  return [`**Verified:** ${describeVerification(v)}.${error}`, '']
}

/** The same, synchronously: for the last moment of a cancelled run. */
export function writeSummarySync(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (file) fs.appendFileSync(file, markdown)
}

/** Appends to $GITHUB_STEP_SUMMARY (read now, not cached); nothing when it is unset. */
export async function writeSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return
  await fs.promises.appendFile(file, markdown)
}
