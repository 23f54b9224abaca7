/** The JSON report: totals, and an atomic write that the run repeats as it goes. */
import fs from 'node:fs'
import path from 'node:path'
import type { ItemResult, Report, Totals } from '../types.js'

/** `found` counts as created (get mode); `planned` only in the total. */
export function countTotals(items: readonly ItemResult[]): Totals {
  const totals: Totals = { total: items.length, created: 0, failed: 0, skipped: 0 }
  for (const item of items) {
    if (item.outcome === 'created' || item.outcome === 'found') totals.created++
    else if (item.outcome === 'failed') totals.failed++
    else if (item.outcome === 'skipped') totals.skipped++
  }
  return totals
}

/**
 * Writes the report to a temporary file and renames it over the target, so that a run
 * killed at any moment leaves the last whole report. Writes are serialized.
 */
export class ReportWriter {
  private queue: Promise<void> = Promise.resolve()
  private n = 0

  constructor(readonly file: string) {}

  write(report: Report): Promise<void> {
    const text = JSON.stringify(report, null, 2) + '\n'
    this.queue = this.queue.then(() => this.writeText(text))
    return this.queue
  }

  writeSync(report: Report): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    const tmp = `${this.file}.${process.pid}.${++this.n}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(report, null, 2) + '\n')
    fs.renameSync(tmp, this.file)
  }

  private async writeText(text: string): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true })
    const tmp = `${this.file}.${process.pid}.${++this.n}.tmp`
    await fs.promises.writeFile(tmp, text)
    await fs.promises.rename(tmp, this.file)
  }
}
