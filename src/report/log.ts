/**
 * What the log says of the items at the end. Each failed item by name with its reason (the
 * first ones in full, then a count), so that the log alone says what went wrong: plain
 * lines, not annotations, as GitHub shows at most 10 error annotations a step and the
 * step's own error is one. And a warning when Google made one media item of two items.
 */
import * as core from '@actions/core'
import type { ItemResult, Report } from '../types.js'
import { failedByStop } from './report.js'

/** Failed items named in full in the log; the rest are counted. */
export const NAMED_FAILURES = 10

export function logFailures(
  report: Report,
  opts: { summary: boolean },
  log: (line: string) => void = (line) => core.info(line)
): void {
  const failed = report.items.filter((item) => item.outcome === 'failed')
  const own = failed.filter((item) => !failedByStop(item))
  const byStop = failed.length - own.length
  if (own.length > 0) {
    log(`${own.length} item(s) failed:`)
    for (const item of own.slice(0, NAMED_FAILURES)) {
      log(`  #${item.index + 1} ${nameOf(item)}: ${item.status?.message ?? 'no reason given'}`)
    }
    if (own.length > NAMED_FAILURES) {
      const where = opts.summary ? 'the job summary' : 'the JSON report (`results-file` output)'
      log(`  … and ${own.length - NAMED_FAILURES} more; see ${where}.`)
    }
  }
  if (byStop > 0) {
    const verb = report.mode === 'get' ? 'read' : 'created'
    const why = report.state === 'cancelled' ? 'the run was cancelled' : 'the run stopped'
    log(`${byStop} item(s) not ${verb} because ${why}, for this reason:`)
  }
}

/** The file name, with its source when that says more (a path, `tokens.txt:3`). */
function nameOf(item: ItemResult): string {
  if (!item.fileName) return item.source
  return item.source === item.fileName ? item.fileName : `${item.fileName} (${item.source})`
}

/**
 * Google keeps one media item for identical bytes: two items of a run with the same bytes
 * (a file and a release asset, say) are both created, as the same media item, and the
 * album holds it once. One that is skipped as already there while the other is created
 * again is the same case, met again by every `skip-existing` run.
 */
export function warnSharedMediaItems(results: ItemResult[]): void {
  const byId = new Map<string, ItemResult>()
  const pairs: [ItemResult, ItemResult][] = []
  for (const r of results) {
    if (!r.mediaItemId || (r.outcome !== 'created' && r.outcome !== 'skipped')) continue
    const other = byId.get(r.mediaItemId)
    if (!other) byId.set(r.mediaItemId, r)
    else if (r.outcome === 'created' || other.outcome === 'created') pairs.push([other, r])
  }
  const [pair] = pairs
  if (!pair) return
  const name = (r: ItemResult) => `#${r.index + 1} ${r.source}`
  const more = pairs.length > 1 ? `, and ${pairs.length - 1} more` : ''
  const skipped = pairs.some(([a, b]) => a.outcome === 'skipped' || b.outcome === 'skipped')
  core.warning(
    `${pairs.length} created item(s) share their media item with another item of this run (${name(pair[1])} with ${name(pair[0])}${more}): ` +
      'their bytes are the same, and Google keeps one media item for identical bytes, so the album holds it once' +
      (skipped
        ? "; the media item keeps the first one's file name, so `skip-existing` does not find the other in the album, and it is created again on every run."
        : '.')
  )
}
