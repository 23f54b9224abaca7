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
