/** Errors that the entry point turns into one clear failure message. */

/** A wrong or missing input. The message names the input and the fix. */
export class InputError extends Error {
  readonly input: string
  constructor(input: string, message: string) {
    super(`Input \`${input}\`: ${message}`)
    this.name = 'InputError'
    this.input = input
  }
}

/** Text of any thrown value, including non-Error throws. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  if (typeof err === 'string') return err
  try {
    return JSON.stringify(err)
  } catch {
    return String(err)
  }
}

/**
 * The JSON report could not be written (a full disk, a directory taken away). The run
 * stops: it would otherwise go on making items that no record on disk shows.
 */
export class ReportWriteError extends Error {
  constructor(
    readonly file: string,
    cause: unknown
  ) {
    const full = (cause as NodeJS.ErrnoException | undefined)?.code === 'ENOSPC'
    super(
      `The JSON report could not be written to ${file} (${errorMessage(cause)}). The outputs ` +
        'and the job summary say what was done. ' +
        (full
          ? 'Free space on that disk, or give `results-file` a path on another.'
          : 'Give `results-file` a path in a directory the run can write to, and keep it there.')
    )
    this.name = 'ReportWriteError'
  }
}
