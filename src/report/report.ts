/** The JSON report: totals, and an atomic write that the run repeats as it goes. */
import fs from 'node:fs'
import path from 'node:path'
import { ReportWriteError } from '../errors.js'
import type { ItemResult, Mode, Report, Totals, Verification } from '../types.js'

/**
 * Statuses of items that failed only because the run stopped. They are short: the reason
 * is the report's `stoppedReason`, given once.
 */
export const NOT_ATTEMPTED = 'Not attempted: the run stopped (see the reason above).'
export const REFUSED_BY_STOP = 'Refused: its batch got the answer that stopped the run (see above).'

/** An item never sent because the run was cancelled first. */
export const cancelledBefore = (mode: Mode): string =>
  `Cancelled before it was ${mode === 'get' ? 'read' : 'created'}.`

/**
 * True for an item that failed only because the run stopped or was cancelled, not for a
 * reason of its own.
 */
export function failedByStop(item: ItemResult): boolean {
  const message = item.status?.message
  return (
    item.outcome === 'failed' &&
    (message === NOT_ATTEMPTED ||
      message === REFUSED_BY_STOP ||
      message === cancelledBefore('create') ||
      message === cancelledBefore('get'))
  )
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
 *
 * The run writes the whole report before and after every batchCreate. Serializing every
 * item each time made a run of 10,000 items quadratic, so the items handed to `track` are
 * serialized by blocks of 50, and a block again only when one of its items had a field set
 * or deleted since. (Fields are replaced, never changed inside: `r.status = {…}`.) Each
 * item's proxy marks its own block as changed, so a write looks at the blocks, not at
 * every item; the blocks keep their bytes and their counts, from which `totals` adds up.
 */
export class ReportWriter {
  private queue: Promise<void> = Promise.resolve()
  private tmpCount = 0
  /** Order in which writes were called, and the latest one that reached the file. */
  private called = 0
  private landed = 0
  private dirReady = false
  /** The write queued behind the one in progress, if any. */
  private waiting: Waiting | undefined
  /** The arrays `track` returned, and what is kept of each. */
  private readonly tracked = new WeakMap<readonly ItemResult[], Tracked>()

  constructor(readonly file: string) {}

  /**
   * The items, as objects whose changes the writer sees; use them in place of the
   * originals. The array returned is frozen: an item's place in it is its block.
   */
  track(items: ItemResult[]): ItemResult[] {
    const state: Tracked = { targets: [...items], stale: new Set(), blocks: [] }
    const proxies = items.map((item, i) => {
      const block = Math.floor(i / BLOCK_SIZE)
      return new Proxy(item, {
        set: (target, key, value) => (state.stale.add(block), Reflect.set(target, key, value)),
        deleteProperty: (target, key) => (
          state.stale.add(block),
          Reflect.deleteProperty(target, key)
        )
      })
    })
    Object.freeze(proxies)
    this.tracked.set(proxies, state)
    return proxies
  }

  /** `countTotals(items)`, from the blocks' counts when the items are tracked. */
  totals(items: readonly ItemResult[]): Totals {
    const state = this.tracked.get(items)
    if (!state) return countTotals(items)
    const totals: Totals = { total: 0, created: 0, failed: 0, skipped: 0 }
    for (let b = 0; b * BLOCK_SIZE < items.length; b++) {
      const counts = this.block(state, b).totals
      totals.total += counts.total
      totals.created += counts.created
      totals.failed += counts.failed
      totals.skipped += counts.skipped
    }
    return totals
  }

  write(report: Report): Promise<void> {
    // Serialized now: the run goes on changing the report while this write waits.
    const parts = this.serialize(report)
    const seq = ++this.called
    // A write that has not started yet is replaced by this later one; both callers then
    // wait for the later one to land.
    if (this.waiting) {
      this.waiting.parts = parts
      this.waiting.seq = seq
      return this.waiting.landed
    }
    const waiting: Waiting = { parts, seq, landed: Promise.resolve() }
    // Started after the current turn of the event loop, so that the record after one
    // batchCreate and the record before the next, called back to back, make one write.
    waiting.landed = this.queue.then(afterThisTurn).then(() => {
      if (this.waiting === waiting) this.waiting = undefined
      return this.writeParts(waiting.parts, waiting.seq)
    })
    this.waiting = waiting
    // One failed write must not block the ones after it.
    this.queue = waiting.landed.catch(() => undefined)
    return waiting.landed
  }

  writeSync(report: Report): void {
    const seq = ++this.called
    const tmp = this.tmpName()
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true })
      fs.writeFileSync(tmp, Buffer.concat(this.serialize(report)))
      fs.renameSync(tmp, this.file)
    } catch (err) {
      removeQuietly(tmp)
      throw new ReportWriteError(this.file, err)
    }
    this.landed = seq
  }

  private async writeParts(parts: Buffer[], seq: number): Promise<void> {
    const tmp = this.tmpName()
    try {
      if (!this.dirReady) {
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true })
        this.dirReady = true
      }
      const handle = await fs.promises.open(tmp, 'w')
      try {
        const total = parts.reduce((sum, p) => sum + p.length, 0)
        const { bytesWritten } = await handle.writev(parts)
        // A short write (a signal, a full disk) leaves the rest to write in one piece.
        if (bytesWritten < total) await handle.write(Buffer.concat(parts).subarray(bytesWritten))
      } finally {
        await handle.close()
      }
      // Checked and renamed in one step, so a writeSync meanwhile is never overwritten.
      if (seq < this.landed) {
        fs.rmSync(tmp, { force: true })
        return
      }
      fs.renameSync(tmp, this.file)
      this.landed = seq
    } catch (err) {
      this.dirReady = false
      removeQuietly(tmp)
      throw new ReportWriteError(this.file, err)
    }
  }

  private tmpName(): string {
    return `${this.file}.${process.pid}.${++this.tmpCount}.tmp`
  }

  /** The bytes of `JSON.stringify(report, null, 2) + '\n'`, in pieces. */
  private serialize(report: Report): Buffer[] {
    const [head = '', tail = ''] = JSON.stringify({ ...report, items: ITEMS_MARK }, null, 2).split(
      JSON.stringify(ITEMS_MARK)
    )
    const items = report.items
    if (items.length === 0) return [Buffer.from(`${head}[]${tail}\n`)]
    const state = this.tracked.get(items)
    const parts: Buffer[] = [Buffer.from(`${head}[\n`)]
    for (let b = 0; b * BLOCK_SIZE < items.length; b++) {
      if (b > 0) parts.push(ITEM_SEPARATOR)
      parts.push(
        state
          ? this.block(state, b).bytes
          : blockBytes(items.slice(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE))
      )
    }
    parts.push(Buffer.from(`\n  ]${tail}\n`))
    return parts
  }

  /** Block `b` of tracked items, serialized again only when one of its items changed. */
  private block(state: Tracked, b: number): Block {
    const cached = state.blocks[b]
    if (cached && !state.stale.has(b)) return cached
    // Read from the objects themselves: a read through a proxy costs several times more.
    const items = state.targets.slice(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE)
    const block = { bytes: blockBytes(items), totals: countTotals(items) }
    state.blocks[b] = block
    state.stale.delete(b)
    return block
  }
}

/** Items as they stand two levels deep in the report: 4 spaces in front of each line. */
function blockBytes(items: readonly ItemResult[]): Buffer {
  return Buffer.from(
    items
      .map((item) => `    ${JSON.stringify(item, null, 2).replaceAll('\n', '\n    ')}`)
      .join(SEPARATOR)
  )
}

interface Tracked {
  /** The objects behind the proxies, in their places. */
  targets: ItemResult[]
  /** Blocks with an item changed since the block was last serialized. */
  stale: Set<number>
  blocks: (Block | undefined)[]
}

interface Block {
  bytes: Buffer
  totals: Totals
}

const afterThisTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

interface Waiting {
  parts: Buffer[]
  seq: number
  landed: Promise<void>
}

/**
 * Stands for the items while the rest of the report is serialized: a text of the report
 * could hold it only if made to, knowing this process's id, its start and a random number.
 * (A random UUID took loading `node:crypto`, 4-6 ms at start, which a run needs for
 * nothing else.)
 */
const ITEMS_MARK = `\u0000items-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}\u0000`
/** Between two items, and so between two blocks of them. */
const SEPARATOR = ',\n'
const ITEM_SEPARATOR = Buffer.from(SEPARATOR)
const BLOCK_SIZE = 50

/** A temporary file gone, if it can be: its directory may be what failed. */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true })
  } catch {
    // Nothing to clean up where nothing could be written.
  }
}
