import * as core from '@actions/core'
import { errorMessage } from './errors.js'
import { run } from './main.js'

try {
  await run()
} catch (err) {
  // run() reports every expected failure itself; this is for the unexpected (a full disk).
  core.setFailed(`Unexpected error: ${errorMessage(err)}`)
}
