/** Progress lines for long runs: every 10 s or every further 10% of the work. */

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${n} B`
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${s % 60} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

export class Progress {
  private items = 0
  private bytes = 0
  private lastLogAt: number
  /** Items and bytes done at the last line, as fractions of the totals. */
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

  itemDone(): void {
    this.items++
    this.tick()
  }

  bytesSent(n: number): void {
    this.bytes += n
  }

  private fractions(): { items: number; bytes: number } {
    return {
      items: this.opts.totalItems ? this.items / this.opts.totalItems : 1,
      bytes: this.opts.totalBytes ? this.bytes / this.opts.totalBytes : 0
    }
  }

  /** Logs when 10 s passed or another 10% of the items or of the bytes was done. */
  tick(force = false): void {
    // The last file is reported by finish().
    if (this.opts.totalItems === 0 || this.items === this.opts.totalItems) return
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
    const total = this.opts.totalBytes
    const pct = total
      ? Math.floor((this.bytes / total) * 100)
      : Math.floor((this.items / this.opts.totalItems) * 100)
    const leftMs = rate > 0 ? ((total - this.bytes) / rate) * 1000 : 0
    const left = leftMs >= 1000 ? `, about ${formatDuration(leftMs)} left` : ''
    return (
      `Uploaded ${this.items}/${this.opts.totalItems} files, ${formatBytes(this.bytes)} of ` +
      `${formatBytes(total)} (${pct}%), ${formatBytes(rate)}/s${left}`
    )
  }

  finish(): void {
    if (this.opts.totalItems === 0) return
    const elapsed = Math.max(1, this.now() - this.startedAt)
    const rate = this.bytes / (elapsed / 1000)
    this.opts.log(
      `Uploads done: ${this.items} of ${this.opts.totalItems} files, ${formatBytes(this.bytes)} ` +
        `in ${formatDuration(elapsed)} (${formatBytes(rate)}/s)`
    )
  }
}
