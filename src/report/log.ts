/**
 * The end of the log: each failed item by name with its reason (the first ones in full,
 * then a count), so that the log alone says what went wrong. Plain lines, not annotations:
 * GitHub shows at most 10 error annotations a step, and the step's own error is one.
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
