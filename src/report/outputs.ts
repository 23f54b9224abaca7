/** Step outputs, set from the report (also when the step fails). */
import * as core from '@actions/core'
import type { Report } from '../types.js'
import { countTotals } from './report.js'

export function setOutputs(report: Report, resultsFile: string): void {
  const ids = report.items.map((item) =>
    (item.outcome === 'created' || item.outcome === 'found') && item.mediaItemId
      ? item.mediaItemId
      : null
  )
  const totals = countTotals(report.items)
  core.setOutput('media-item-ids', JSON.stringify(ids))
  core.setOutput('created-count', String(totals.created))
  core.setOutput('failed-count', String(totals.failed))
  core.setOutput('skipped-count', String(totals.skipped))
  core.setOutput('total-count', String(totals.total))
  core.setOutput('album-id', report.album?.id ?? '')
  core.setOutput('album-url', report.album?.url ?? '')
  core.setOutput('results-file', resultsFile)
}
