/**
 * Cancellation by the runner. GitHub cancels a step (a cancelled run, `timeout-minutes`)
 * with SIGINT, then SIGTERM about 7.5 s later. The first signal cancels the run gracefully;
 * a second one finishes the record at once.
 */

/** Time a batchCreate (or albums.create) in flight gets to answer after a cancellation. */
export const CANCEL_GRACE_MS = 5000

export class CancelledError extends Error {
  constructor(readonly signal: string) {
    super(
      `The run was cancelled (${signal}): by a cancelled workflow run or the step's ` +
        '`timeout-minutes`. Items not finished are marked failed; re-run to finish them.'
    )
    this.name = 'CancelledError'
  }
}

export interface CancelHandlers {
  /** The first signal: start nothing new and wind down. */
  cancel: (reason: CancelledError) => void
  /** A further signal: write what is known now, synchronously. */
  force: () => void
}

/** Signals as they come, for a run that may not be listening yet. */
export class Cancellation {
  private readonly received: string[] = []
  private handlers: CancelHandlers | undefined

  /** Returns true when this signal asks to finish at once (a second one). */
  receive(signal: string): boolean {
    this.received.push(signal)
    const [first] = this.received
    if (this.received.length === 1 && first) this.handlers?.cancel(new CancelledError(first))
    else if (this.received.length > 1) this.handlers?.force()
    return this.received.length > 1
  }

  /** The run listens from now on; signals that came before take effect at once. */
  listen(handlers: CancelHandlers): void {
    this.handlers = handlers
    const [first] = this.received
    if (first) handlers.cancel(new CancelledError(first))
    if (this.received.length > 1) handlers.force()
  }

  /** The run no longer listens (it is writing its record). */
  close(): void {
    this.handlers = undefined
  }
}
