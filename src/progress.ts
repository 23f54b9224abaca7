/** Progress lines for long runs: every 10 s or every further 10% of the work. */

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${Math.round(n)} B`
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${s % 60} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

/** A span that has passed, with its detail kept when short: "0 s" reads as if nothing happened. */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`
  if (ms < 9_950) return `${(ms / 1000).toFixed(1)} s`
  return formatDuration(ms)
}

/**
 * Counts files and bytes as they settle. A file counts once its upload ends: uploaded (its
 * bytes were confirmed as they went) or failed. A failed file's bytes leave the count and
 * the total alike, so that the bytes shown and the percentage always agree.
 */
export class Progress {
  private uploaded = 0
  private failed = 0
  private bytes = 0
  private failedBytes = 0
  private halted = false
  private lastLogAt: number
  /** Files and bytes settled at the last line, as fractions of the totals. */
  private logged = { items: 0, bytes: 0 }
  private readonly startedAt: number
  private readonly now: () => number
  private readonly intervalMs: number

  constructor(
    private readonly opts: {
      totalItems: number
      totalBytes: number
      log: (line: string) => void
      now?: () => number
      intervalMs?: number
    }
  ) {
    this.now = opts.now ?? (() => Date.now())
    this.intervalMs = opts.intervalMs ?? 10_000
    this.startedAt = this.now()
    this.lastLogAt = this.startedAt
  }

  /**
   * A file's upload ended. A failed one of `size` bytes, `confirmed` of which the server had
   * confirmed, is taken out of the bytes to upload.
   */
  itemDone(ok: boolean, size = 0, confirmed = 0): void {
    if (ok) this.uploaded++
    else {
      this.failed++
      this.failedBytes += size
      this.bytes -= confirmed
    }
    this.tick()
  }

  /** Bytes the server confirmed (a negative count takes back bytes it lost). */
  bytesSent(n: number): void {
    this.bytes += n
  }

  private get settledItems(): number {
    return this.uploaded + this.failed
  }

  /** The bytes of the files that have not failed: what the uploads still aim at. */
  private get bytesToUpload(): number {
    return this.opts.totalBytes - this.failedBytes
  }

  private fractions(): { items: number; bytes: number } {
    const { totalItems, totalBytes } = this.opts
    const toUpload = this.bytesToUpload
    return {
      items: totalItems ? this.settledItems / totalItems : 1,
      bytes: toUpload > 0 ? this.bytes / toUpload : totalBytes ? 1 : 0
    }
  }

  /** Logs when 10 s passed or another 10% of the files or of the bytes was done. */
  tick(force = false): void {
    // The last file is reported by finish().
    if (this.halted || this.opts.totalItems === 0) return
    if (this.settledItems === this.opts.totalItems) return
    const now = this.now()
    const done = this.fractions()
    if (
      !force &&
      now - this.lastLogAt < this.intervalMs &&
      done.items - this.logged.items < 0.1 &&
      done.bytes - this.logged.bytes < 0.1
    )
      return
    this.lastLogAt = now
    this.logged = done
    this.opts.log(this.line(now))
  }

  line(now = this.now()): string {
    const elapsed = Math.max(1, now - this.startedAt)
    const rate = this.bytes / (elapsed / 1000)
    const total = this.bytesToUpload
    const pct = Math.floor(this.fractions()[this.opts.totalBytes ? 'bytes' : 'items'] * 100)
    const leftMs = rate > 0 ? ((total - this.bytes) / rate) * 1000 : 0
    const left = leftMs >= 1000 ? `, about ${formatDuration(leftMs)} left` : ''
    return (
      `Uploaded ${this.uploaded} of ${this.opts.totalItems} files${this.failedPart()}, ` +
      `${formatBytes(this.bytes)} of ${formatBytes(total)} (${pct}%), ${formatRate(rate)}${left}`
    )
  }

  /** ", 2 failed (1.2 MB)": the files failed and the bytes they took out of the total. */
  private failedPart(): string {
    return this.failed > 0 ? `, ${this.failed} failed (${formatBytes(this.failedBytes)})` : ''
  }

  /** The closing line of a run whose uploads all ended. */
  finish(): void {
    if (this.halted || this.opts.totalItems === 0) return
    this.halted = true
    const elapsed = Math.max(1, this.now() - this.startedAt)
    const rate = this.bytes / (elapsed / 1000)
    this.opts.log(
      `Uploads done: ${this.uploaded} of ${this.opts.totalItems} files${this.failedPart()}, ` +
        `${formatBytes(this.bytes)} in ${formatElapsed(elapsed)} (${formatRate(rate)})`
    )
  }

  /** The run stopped: one line of where uploads stood, and nothing after it. */
  halt(): void {
    if (this.halted || this.opts.totalItems === 0) return
    this.halted = true
    this.opts.log(
      `Uploads stopped: ${this.uploaded} of ${this.opts.totalItems} files uploaded ` +
        `(${formatBytes(this.bytes)} of ${formatBytes(this.bytesToUpload)}).`
    )
  }
}
