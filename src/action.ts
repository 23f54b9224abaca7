/** The action's process: a run, the signals that cancel it, and the unexpected error. */
import * as core from '@actions/core'
import { Cancellation } from './cancel.js'
import { errorMessage } from './errors.js'
import { run } from './main.js'

/**
 * Imports what this run's inputs will need of the modules that the action otherwise imports
 * on the way, while V8's flags are still the defaults (see `index.ts`), so that the
 * built-ins they load come with Node's precompiled code: the release listing (Octokit) for
 * `release-assets` (spawn to the first upload of a release of 10 assets: −10 to −30 ms
 * over two sittings of 10 and 14 alternated runs). Wrong values are left to the inputs'
 * own check.
 */
export async function preload(): Promise<void> {
  if (/^(true|True|TRUE)$/.test(core.getInput('release-assets'))) await import('./release.js')
}

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
