/** The action's process: a run, the signals that cancel it, and the unexpected error. */
import * as core from '@actions/core'
import { Cancellation } from './cancel.js'
import { errorMessage } from './errors.js'
import { run } from './main.js'

export async function start(): Promise<void> {
  const cancellation = new Cancellation()
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // A second signal: the record was written synchronously; end now.
      if (cancellation.receive(signal)) process.exit(1)
    })
  }

  try {
    await run({}, cancellation)
  } catch (err) {
    // run() reports every expected failure itself; this is for the unexpected (a full disk).
    core.setFailed(`Unexpected error: ${errorMessage(err)}`)
  }
}
