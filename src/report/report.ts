/** The JSON report: totals, and an atomic write that the run repeats as it goes. */
import fs from 'node:fs'
import path from 'node:path'
import type { ItemResult, Report, Totals, Verification } from '../types.js'

/**
 * Statuses of items that failed only because the run stopped. They are short: the reason
 * is the report's `stoppedReason`, given once.
 */
export const NOT_ATTEMPTED = 'Not attempted: the run stopped (see the reason above).'
export const REFUSED_BY_STOP = 'Refused: its batch got the answer that stopped the run (see above).'

/** True for an item that failed only because the run stopped, not for a reason of its own. */
export function failedByStop(item: ItemResult): boolean {
  const message = item.status?.message
  return item.outcome === 'failed' && (message === NOT_ATTEMPTED || message === REFUSED_BY_STOP)
}

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

/** "48 of 50 created item(s) found again; 2 not found", for the log and the summary. */
export function describeVerification(v: Verification): string {
  const unread = v.items - v.found - v.notFound
  const parts = [`${v.found} of ${v.items} created item(s) found again`]
  if (v.notFound > 0) parts.push(`${v.notFound} not found`)
  if (unread > 0) parts.push(`${unread} not read back`)
  return parts.join('; ')
}

/**
 * Writes the report to a temporary file in the same directory and renames it over the
 * target, so that a run killed at any moment leaves the last whole report. Writes are
 * serialized and the last one called wins, `writeSync` included.
 */
export class ReportWriter {
  private queue: Promise<void> = Promise.resolve()
  private tmpCount = 0
  /** Order in which writes were called, and the latest one that reached the file. */
  private called = 0
  private landed = 0

  constructor(readonly file: string) {}

  write(report: Report): Promise<void> {
    // Serialized now: the run goes on changing the report while this write waits.
    const text = serialize(report)
    const seq = ++this.called
    const next = this.queue.then(() => this.writeText(text, seq))
    // One failed write must not block the ones after it.
    this.queue = next.catch(() => undefined)
    return next
  }

  writeSync(report: Report): void {
    const seq = ++this.called
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    const tmp = this.tmpName()
    try {
      fs.writeFileSync(tmp, serialize(report))
      fs.renameSync(tmp, this.file)
    } catch (err) {
      fs.rmSync(tmp, { force: true })
      throw err
    }
    this.landed = seq
  }

  private async writeText(text: string, seq: number): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true })
    const tmp = this.tmpName()
    try {
      await fs.promises.writeFile(tmp, text)
      // Checked and renamed in one step, so a writeSync meanwhile is never overwritten.
      if (seq < this.landed) {
        fs.rmSync(tmp, { force: true })
        return
      }
      fs.renameSync(tmp, this.file)
      this.landed = seq
    } catch (err) {
      fs.rmSync(tmp, { force: true })
      throw err
    }
  }

  private tmpName(): string {
    return `${this.file}.${process.pid}.${++this.tmpCount}.tmp`
  }
}

function serialize(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n'
}
