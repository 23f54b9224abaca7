/**
 * The action's process: what it loads before V8's flags are set, a run, the signals that
 * cancel it, and the unexpected error.
 */
import * as core from '@actions/core'
import { Cancellation } from './cancel.js'
import { errorMessage } from './errors.js'
import { DEFAULT_API_ENDPOINT, DEFAULT_TOKEN_ENDPOINT, Inputs, isYamlTrue } from './inputs.js'
import { run } from './main.js'

/**
 * Loads what this run's inputs will need of the modules that the action otherwise loads on
 * the way, while V8's flags are still the defaults (see `index.ts`), so that the built-ins
 * among them come with Node's precompiled code. Wrong values are left to the inputs' own
 * check. Spawn to the first upload, paired medians of alternated rounds:
 *
 * - `release-assets`: the release listing (Octokit); a release of 10 assets, −19 ms (24).
 * - `refresh-token`: Node's fetch implementation, whose WHATWG `Headers` google-auth-library's
 *   HTTP client (gaxios) builds every request with (reading the global loads it); a
 *   300-file glob, −11 and −6 ms (20 and 16).
 * - `refresh-token`, and every run on Windows: `node:crypto`, which google-auth-library
 *   loads with it, and the outputs' delimiters where there is no `/dev/urandom` (see the
 *   patch of `@actions/core`); other runs never load it.
 * - Every run: Node's `performance` (`perf_hooks` and eight internal modules), which
 *   undici reads when a connection goes idle, the first time after the credentials check's
 *   answer; 1.4-1.6 ms with Node's code, 5-10 ms compiled from source (4 fresh processes
 *   each).
 * - Any endpoint over TLS (Google's are): `node:tls`, which undici loads at the first such
 *   connection; 1.2 ms with Node's code, 3.5–9 ms compiled from source (4 fresh processes
 *   each). A run whose endpoints are all plain `http://` (the emulator) never needs it.
 */
export async function preload(): Promise<void> {
  const release = isYamlTrue(core.getInput(Inputs.ReleaseAssets))
  if (release) await import('./release.js')
  const refresh = Boolean(core.getInput(Inputs.RefreshToken))
  if (refresh) void globalThis.Headers
  if (refresh || process.platform === 'win32') await import('node:crypto')
  void globalThis.performance
  const endpoints = [
    core.getInput(Inputs.ApiEndpoint) || DEFAULT_API_ENDPOINT,
    core.getInput(Inputs.TokenEndpoint) || DEFAULT_TOKEN_ENDPOINT,
    ...(release ? [process.env.GITHUB_API_URL || 'https://api.github.com'] : [])
  ]
  if (!endpoints.every((url) => /^http:\/\//i.test(url.trim()))) await import('node:tls')
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
