/**
 * Runs the bundled action end to end against the Google Photos API emulator, on sample
 * images, as GitHub would run it, and prints the log as GitHub shows it, the outputs and
 * the job summary. No Google account needed. The job summary and the JSON report are kept
 * in build/demo/; the scratch workspace is removed, also when the demo fails.
 *
 *   npm run demo
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PhotosEmulator } from '../test/emulator/index.js'
import { parseOutputFile } from '../test/helpers/action.js'
import { makePng } from '../test/helpers/images.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** What the demo leaves behind on purpose: the summary and the report of its run. */
const keep = path.join(root, 'build', 'demo')
const summary = path.join(keep, 'summary.md')
const resultsFile = path.join(keep, 'photos-results.json')

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'photos-demo-'))
let child: ChildProcess | undefined
let emulator: PhotosEmulator | undefined

function removeScratch(): void {
  // Retried: a file the action was still writing can make a directory briefly non-empty.
  fs.rmSync(base, { recursive: true, force: true, maxRetries: 5 })
}

/** Stops the action, if it still runs, and waits until it has exited. */
async function stopAction(signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const closed = once(child, 'close')
  child.kill(signal)
  await closed
}

// Ctrl-C skips `finally`: let the action end (it writes its record), then clean up here too.
// A repeated signal (a terminal and tsx both pass one on) must not end the demo before that.
let stopping = false
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143]
] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    void stopAction(signal).finally(() => {
      removeScratch()
      process.exit(code)
    })
  })
}

async function demo(): Promise<number> {
  const workspace = path.join(base, 'workspace')
  const temp = path.join(base, 'runner-temp')
  fs.mkdirSync(path.join(workspace, 'screenshots'), { recursive: true })
  fs.mkdirSync(temp)
  fs.mkdirSync(keep, { recursive: true })
  const names = ['home', 'settings', 'editor', 'dark-mode', 'about']
  names.forEach((name, i) =>
    fs.writeFileSync(
      path.join(workspace, 'screenshots', `${i + 1}-${name}.png`),
      makePng(64, 40, i * 11)
    )
  )
  fs.writeFileSync(path.join(workspace, 'screenshots', 'notes.txt'), 'not a photo\n')

  emulator = await PhotosEmulator.start()
  const output = path.join(temp, 'output')
  fs.writeFileSync(output, '')
  fs.writeFileSync(summary, '')
  const inputs: Record<string, string> = {
    files: 'screenshots/*.png\nscreenshots/*.txt',
    'album-title': 'Release v1.0.0 screenshots',
    position: 'first-in-album',
    description: 'Demo run',
    verify: 'true',
    'client-id': 'test-client-id',
    'client-secret': 'test-client-secret',
    'refresh-token': 'test-refresh-token',
    'api-endpoint': emulator.baseUrl,
    'token-endpoint': emulator.tokenEndpoint,
    'fail-on-error': 'false',
    'results-file': resultsFile
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v

  console.log(
    `Emulator at ${emulator.baseUrl}; scratch workspace ${workspace} (removed at the end)\n`
  )
  console.log("--- node dist/index.js (the action's log, as GitHub shows it) ---")
  // Asynchronous, so that the emulator in this process keeps serving the child.
  const action = spawn(process.execPath, [path.join(root, 'dist/index.js')], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  child = action
  const log = new RunnerLog()
  let pending = ''
  action.stdout?.on('data', (data: Buffer) => {
    const lines = (pending + data.toString()).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) log.print(line)
  })
  const code = await new Promise<number | null>((resolve) => action.on('close', resolve))
  if (pending) log.print(pending)

  console.log(`\n--- exit code: ${code} ---`)
  console.log('\n--- outputs ---')
  for (const [name, value] of Object.entries(parseOutputFile(fs.readFileSync(output, 'utf8')))) {
    console.log(`${name}: ${log.mask(value)}`)
  }
  console.log('\n--- job summary ($GITHUB_STEP_SUMMARY) ---\n')
  console.log(log.mask(fs.readFileSync(summary, 'utf8')))
  const shown = (file: string) => path.relative(process.cwd(), file) || file
  console.log(`The job summary is kept in ${shown(summary)} (GitHub shows it on the run's page),`)
  console.log(`and the JSON report in ${shown(resultsFile)}.`)
  return code ?? 1
}

/**
 * What the runner does with workflow commands on stdout: `::add-mask::` lines are not
 * shown and their values become `***` from then on; `::debug::` lines are hidden unless
 * step debugging is on; annotations and groups are shown as the web UI labels them.
 */
class RunnerLog {
  private readonly secrets: string[] = []

  print(line: string): void {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (!command) return console.log(this.mask(line))
    const [, name, message = ''] = command
    if (name === 'add-mask') {
      if (message) this.secrets.push(message)
      return
    }
    const label: Record<string, string> = {
      error: 'Error: ',
      warning: 'Warning: ',
      notice: 'Notice: ',
      group: '▾ '
    }
    if (name === 'debug' || name === 'endgroup') return
    console.log(`${label[name ?? ''] ?? ''}${this.mask(message)}`)
  }

  mask(text: string): string {
    // Longest first, so that a secret holding another is masked whole.
    const secrets = [...this.secrets].sort((a, b) => b.length - a.length)
    return secrets.reduce((out, secret) => out.split(secret).join('***'), text)
  }
}

try {
  process.exitCode = await demo()
} finally {
  await stopAction('SIGTERM')
  removeScratch()
  await emulator?.close()
}
