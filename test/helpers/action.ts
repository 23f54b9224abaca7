/**
 * Runs the action the way GitHub does: inputs as INPUT_* variables, outputs and the
 * job summary in files. `runAction` calls run() in this process (so tests can shrink
 * waits); `runDist` runs the bundled dist/index.js as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { run, type RunOverrides } from '../../src/main.js'
import type { Report } from '../../src/types.js'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface ActionResult {
  outputs: Record<string, string>
  /** $GITHUB_OUTPUT as the run left it. */
  outputText: string
  summary: string
  stdout: string
  stderr: string
  failed: boolean
  report: Report | undefined
  workspace: string
}

/** A fresh workspace and runner temp directory. */
export function makeWorkspace(): { workspace: string; temp: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gpa-'))
  const workspace = path.join(base, 'workspace')
  const temp = path.join(base, 'runner-temp')
  fs.mkdirSync(workspace)
  fs.mkdirSync(temp)
  return { workspace, temp }
}

function inputEnv(inputs: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(inputs)) {
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return env
}

/** Defaults of action.yml, as the runner passes them. */
const DEFAULTS: Record<string, string> = {
  mode: 'create',
  concurrency: '6',
  'skip-existing': 'false',
  verify: 'false',
  'fail-on-error': 'true',
  'dry-run': 'false',
  summary: 'true',
  'release-assets': 'false',
  'api-endpoint': 'https://photoslibrary.googleapis.com',
  'token-endpoint': 'https://oauth2.googleapis.com/token'
}

function prepare(
  inputs: Record<string, string | undefined>,
  ws?: { workspace: string; temp: string }
) {
  const { workspace, temp } = ws ?? makeWorkspace()
  const outputFile = path.join(temp, `output-${Date.now()}-${Math.random()}`)
  const summaryFile = path.join(temp, `summary-${Date.now()}-${Math.random()}`)
  fs.writeFileSync(outputFile, '')
  fs.writeFileSync(summaryFile, '')
  // An emulator serves the token endpoint (and tokeninfo) too: a test that points
  // `api-endpoint` at one never reaches Google's real endpoints.
  const api = inputs['api-endpoint']
  const endpoints = api && !('token-endpoint' in inputs) ? { 'token-endpoint': `${api}/token` } : {}
  const env: Record<string, string> = {
    ...inputEnv({ ...DEFAULTS, ...endpoints, ...inputs }),
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile
  }
  return { env, workspace, outputFile, summaryFile }
}

function collect(
  p: ReturnType<typeof prepare>,
  stdout: string,
  stderr: string,
  failed: boolean
): ActionResult {
  const outputText = fs.readFileSync(p.outputFile, 'utf8')
  const outputs = parseOutputFile(outputText)
  const summary = fs.readFileSync(p.summaryFile, 'utf8')
  let report: Report | undefined
  if (outputs['results-file'] && fs.existsSync(outputs['results-file'])) {
    report = JSON.parse(fs.readFileSync(outputs['results-file'], 'utf8')) as Report
  }
  return { outputs, outputText, summary, stdout, stderr, failed, report, workspace: p.workspace }
}

export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!m) continue
    const [, name, delimiter] = m
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
    outputs[name ?? ''] = value.join('\n')
  }
  return outputs
}

/** run() in this process. Environment and exit code are restored afterwards. */
export async function runAction(
  inputs: Record<string, string | undefined>,
  opts: { overrides?: RunOverrides; ws?: { workspace: string; temp: string } } = {}
): Promise<ActionResult> {
  const p = prepare(inputs, opts.ws)
  const saved = { ...process.env }
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key]
  Object.assign(process.env, p.env)
  const out: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString())
    return true
  }) as typeof process.stdout.write
  const exitCode = process.exitCode
  let failed = false
  try {
    await run(opts.overrides ?? FAST)
    failed = process.exitCode === 1
  } finally {
    process.stdout.write = write
    process.exitCode = exitCode
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
  return collect(p, out.join(''), '', failed)
}

/** Waits shrunk for tests: the policy is the same, only the clock is faster. */
export const FAST: RunOverrides = {
  retry: {
    baseDelayMs: 5,
    maxDelayMs: 50,
    rateLimitDelayMs: 30,
    requestTimeoutMs: 5000,
    timeoutPerMiBMs: 1000
  }
}

/** dist/index.js as GitHub runs it: `node dist/index.js` with INPUT_* variables. */
export async function runDist(
  inputs: Record<string, string | undefined>,
  opts: {
    ws?: { workspace: string; temp: string }
    extraEnv?: Record<string, string>
    /** Called with the process once started, to signal it. */
    onSpawn?: (child: ChildProcess) => void
  } = {}
): Promise<ActionResult & { exitCode: number | null }> {
  const p = prepare(inputs, opts.ws)
  const baseEnv: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')) baseEnv[k] = v
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/index.js')], {
    cwd: p.workspace,
    env: { ...baseEnv, ...p.env, ...opts.extraEnv },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  opts.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { ...collect(p, stdout, stderr, exitCode !== 0), exitCode }
}

/** Writes files into the workspace; returns their absolute paths. */
export function writeFiles(dir: string, files: Record<string, Buffer | string>): string[] {
  return Object.entries(files).map(([rel, content]) => {
    const file = path.join(dir, rel)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, content)
    return file
  })
}
