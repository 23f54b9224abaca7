/**
 * Runs the bundled action end to end against the Google Photos API emulator, on sample
 * images, as GitHub would run it, and prints the job summary. No Google account needed.
 *
 *   npm run demo
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PhotosEmulator } from '../test/emulator/index.js'
import { parseOutputFile } from '../test/helpers/action.js'
import { makePng } from '../test/helpers/images.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'photos-demo-'))
const workspace = path.join(base, 'workspace')
const temp = path.join(base, 'runner-temp')
fs.mkdirSync(path.join(workspace, 'screenshots'), { recursive: true })
fs.mkdirSync(temp)
const names = ['home', 'settings', 'editor', 'dark-mode', 'about']
names.forEach((name, i) =>
  fs.writeFileSync(
    path.join(workspace, 'screenshots', `${i + 1}-${name}.png`),
    makePng(64, 40, i * 11)
  )
)
fs.writeFileSync(path.join(workspace, 'screenshots', 'notes.txt'), 'not a photo\n')

const emulator = await PhotosEmulator.start()
const output = path.join(temp, 'output')
const summary = path.join(temp, 'summary.md')
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
  'fail-on-error': 'false'
}
const env: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  GITHUB_WORKSPACE: workspace,
  RUNNER_TEMP: temp,
  GITHUB_OUTPUT: output,
  GITHUB_STEP_SUMMARY: summary
}
for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v

console.log(`Emulator at ${emulator.baseUrl}; workspace ${workspace}\n`)
console.log("--- node dist/index.js (the action's log) ---")
// Asynchronous, so that the emulator in this process keeps serving the child.
const child = spawn(process.execPath, [path.join(root, 'dist/index.js')], {
  cwd: workspace,
  env,
  stdio: ['ignore', 'pipe', 'inherit']
})
// GitHub hides ::debug:: lines unless step debugging is on; so does this demo.
let pending = ''
child.stdout.on('data', (data: Buffer) => {
  const lines = (pending + data.toString()).split('\n')
  pending = lines.pop() ?? ''
  for (const line of lines) if (!line.startsWith('::debug::')) console.log(line)
})
const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
if (pending && !pending.startsWith('::debug::')) console.log(pending)
await emulator.close()

console.log(`\n--- exit code: ${code} ---`)
console.log('\n--- outputs ---')
for (const [name, value] of Object.entries(parseOutputFile(fs.readFileSync(output, 'utf8')))) {
  console.log(`${name}: ${value}`)
}
console.log('\n--- job summary ($GITHUB_STEP_SUMMARY) ---\n')
console.log(fs.readFileSync(summary, 'utf8'))
process.exitCode = code ?? 1
