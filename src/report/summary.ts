/**
 * The job summary: a pure renderer and one write. Everything that came from a file name,
 * a description or an API message is escaped; only https:// URLs become links; the
 * whole stays under GitHub's 1 MiB limit for a step.
 */
import fs from 'node:fs'
import type { ItemResult, Outcome, Report } from '../types.js'
import { countTotals } from './report.js'

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

/** Text safe in a Markdown table cell: no HTML, no Markdown syntax, one line. */
export function escapeCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/[\\`*_[\]()#~!|]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/\r\n|\r|\n/g, ' ')
}

/** A link only for https:// URLs; anything else is shown as text. */
export function link(text: string, url: string | undefined): string {
  if (url && /^https:\/\/[^\s<>"'`]+$/.test(url)) {
    return `<a href="${url.replace(/&/g, '&amp;')}">${escapeCell(text)}</a>`
  }
  return escapeCell(text)
}

export function renderSummary(
  report: Report,
  opts: { resultsFile: string; maxBytes?: number; plan?: SummaryPlan }
): string {
  const maxBytes = opts.maxBytes ?? MAX_SUMMARY_BYTES
  const totals = countTotals(report.items)
  const head: string[] = []
  const title = report.dryRun
    ? `Google Photos: dry run, ${totals.total} item(s) planned`
    : report.mode === 'get'
      ? `Google Photos: ${totals.created} found, ${totals.failed} failed`
      : `Google Photos: ${totals.created} created, ${totals.failed} failed, ${totals.skipped} skipped`
  head.push(`## ${title}`, '')

  if (report.state === 'stopped') {
    head.push(
      `> [!CAUTION]`,
      `> The run stopped: ${escapeCell(report.stoppedReason ?? 'unknown reason')}`,
      ''
    )
  } else if (report.state === 'running') {
    head.push('> [!WARNING]', '> The run did not finish; this is what it had done.', '')
  }

  head.push(
    `| total | ${report.mode === 'get' ? 'found' : 'created'} | failed | skipped |`,
    '| ---: | ---: | ---: | ---: |',
    `| ${totals.total} | ${totals.created} | ${totals.failed} | ${totals.skipped} |`,
    ''
  )

  if (report.album) {
    const name = report.album.title ?? report.album.id
    const created = report.album.created
      ? report.dryRun
        ? ' (would be created)'
        : ' (created by this run)'
      : ''
    head.push(`**Album:** ${link(name, report.album.url)}${created}`, '')
  }

  if (report.dryRun && opts.plan) {
    head.push('### Plan', '', 'Nothing was changed. The run would make these calls:', '')
    head.push('| batch | items | position |', '| ---: | --- | --- |')
    for (const b of opts.plan.batches) {
      head.push(
        `| ${b.number} | ${b.size} (#${b.firstIndex + 1}–#${b.lastIndex + 1}) | ${escapeCell(b.position)} |`
      )
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

  const tableHead = [
    '| # | file | outcome | status | media item |',
    '| ---: | --- | --- | --- | --- |'
  ]
  const rows = orderRows(report.items).map(renderRow)
  const reportLine = `Full report: \`${opts.resultsFile.replace(/`/g, '')}\``

  const parts = [...head, ...tableHead]
  let bytes = Buffer.byteLength(parts.join('\n') + '\n')
  // Room for the closing lines.
  const reserve = 400 + Buffer.byteLength(reportLine)
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
      `${rows.length - shown} of ${rows.length} rows left out to stay within GitHub's summary size limit (failed items are listed first). ${reportLine}`
    )
  } else {
    parts.push(reportLine)
  }
  parts.push('')
  return parts.join('\n')
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

function shortId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 12)}…` : id
}

/** Appends to $GITHUB_STEP_SUMMARY (read now, not cached); nothing when it is unset. */
export async function writeSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return
  await fs.promises.appendFile(file, markdown)
}
