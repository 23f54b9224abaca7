/**
 * The job summary: a pure renderer and one write. Everything that came from a file name,
 * a description, an album title or an API message is escaped; only https:// URLs become
 * links; the whole stays under GitHub's 1 MiB limit for a step.
 */
import fs from 'node:fs'
import type { ItemResult, Outcome, Report } from '../types.js'
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
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[&<>"'\\`*_[\]()#~!|:]|(?<=\bwww)\./gi, (c) => ENTITIES[c] ?? `&#${c.charCodeAt(0)};`)
}

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
  const href = safeHref(url)
  return href ? `<a href="${href}">${escapeCell(text)}</a>` : escapeCell(text)
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

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
    head.push('### Plan', '', 'Nothing was changed. The run would make these batches:', '')
    head.push('| batch | items | position |', '| ---: | --- | --- |')
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
      `**${label}:** ${total} (${calls.map(([op, n]) => `${escapeCell(op)} ${n}`).join(', ')})`,
      ''
    )
  }

  head.push(...verificationLines(report))

  const failedFirst = totals.failed > 0 && totals.failed < totals.total
  if (failedFirst) head.push('Failed items are listed first.', '')
  head.push('| # | file | outcome | status | media item |', '| ---: | --- | --- | --- | --- |')

  const rows = orderRows(report.items).map(renderRow)
  const reportLine = `Full report: <code>${escapeCell(opts.resultsFile)}</code>`
  const parts = [...head]
  let bytes = Buffer.byteLength(parts.join('\n') + '\n')
  // Room for the closing lines.
  const reserve = 300 + Buffer.byteLength(reportLine)
  let shown = 0
  for (const row of rows) {
    const size = Buffer.byteLength(row) + 1
    if (bytes + size + reserve > maxBytes) break
    parts.push(row)
    bytes += size
    shown++
  }
  parts.push('')
  if (shown < rows.length) {
    parts.push(
      `${rows.length - shown} of ${rows.length} rows left out to stay within GitHub's summary size limit${failedFirst ? ' (failed items are listed first)' : ''}. ${reportLine}`
    )
  } else {
    parts.push(reportLine)
  }
  parts.push('')
  return parts.join('\n')
}

function heading(report: Report, totals: ReturnType<typeof countTotals>, planned: number): string {
  if (report.dryRun) {
    const mode = report.mode === 'get' ? 'get, ' : ''
    return `Google Photos: dry run, ${mode}${plural(planned, 'item')} planned`
  }
  if (report.mode === 'get') {
    return `Google Photos: get, ${totals.created} found, ${totals.failed} failed`
  }
  const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : ''
  return `Google Photos: ${totals.created} created, ${totals.failed} failed${skipped}`
}

/** Failed items first, then the others, each group in input order. */
function orderRows(items: readonly ItemResult[]): ItemResult[] {
  return [
    ...items.filter((i) => i.outcome === 'failed'),
    ...items.filter((i) => i.outcome !== 'failed')
  ]
}

function renderRow(item: ItemResult): string {
  const name = item.fileName ?? item.source
  const fileCell =
    item.fileName && item.source !== item.fileName
      ? `${escapeCell(name)}<br><sub>${escapeCell(item.source)}</sub>`
      : escapeCell(name)
  const status =
    item.status?.message ?? (item.outcome === 'planned' && item.batch ? `batch ${item.batch}` : '')
  const media = item.mediaItemId ? link(shortId(item.mediaItemId), item.productUrl) : ''
  const video = item.videoStatus ? ` (video ${escapeCell(item.videoStatus)})` : ''
  return `| ${item.index + 1} | ${fileCell} | ${MARK[item.outcome]} | ${escapeCell(status)}${video} | ${media} |`
}

/** With `verify`: one line on how many created items batchGet found again. */
function verificationLines(report: Report): string[] {
  const v = report.verification
  if (!v) return []
  const error = v.error ? ` The read-back stopped: ${escapeCell(v.error.slice(0, 500))}` : ''
  return [`**Verified:** ${describeVerification(v)}.${error}`, '']
}

function shortId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 12)}…` : id
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
