/** `npm run demo`: what it prints reads as GitHub's log, and it leaves no scratch folder. */
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from './helpers/action.js'

let tmp: string
beforeEach(() => {
  // The demo's own temp dir, so that what it leaves there can be seen.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-test-'))
})
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** The demo's scratch folders (tsx keeps a cache of its own there too). */
const scratch = () => fs.readdirSync(tmp).filter((f) => f.startsWith('photos-demo-'))

test('the test runs the demo as `npm run demo` does', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
  expect(pkg.scripts.demo).toBe('node --import tsx scripts/demo.ts')
})

function startDemo() {
  // As `npm run demo` runs it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a Ctrl-C can reach the whole group, as in a terminal.
    detached: true
  })
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()))
  const done = new Promise<number | null>((resolve) => child.on('close', resolve))
  return { child, done, stdout: () => stdout }
}

test('the demo runs the action, hides what GitHub hides, says where the summary is, and cleans up', async () => {
  const demo = startDemo()
  expect(await demo.done).toBe(0)
  const out = demo.stdout()
  expect(out).toContain('Created the album "Release v1.0.0 screenshots"')
  // GitHub never shows ::add-mask:: lines, and masks their values from then on.
  expect(out).not.toMatch(/^::/m)
  expect(out).not.toMatch(/test-client-secret|test-refresh-token|ya29\./)
  expect(out).toContain('#6 notes.txt (screenshots/notes.txt): Not uploaded: not a type')
  expect(out).toContain(
    'Warning: 1 of 6 item(s) failed (named above, with their reasons); fail-on-error is false, so the step succeeds.'
  )
  expect(out).toContain(
    "The job summary is kept in build/demo/summary.md (GitHub shows it on the run's page)"
  )
  const summary = fs.readFileSync(path.join(ROOT, 'build/demo/summary.md'), 'utf8')
  expect(summary).toMatch(/^## Google Photos: 5 created, 1 failed\n/)
  expect(out).toContain(summary.trimEnd())
  const report = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'build/demo/photos-results.json'), 'utf8')
  ) as { totals: unknown }
  expect(report.totals).toEqual({ total: 6, created: 5, failed: 1, skipped: 0 })
  expect(scratch()).toEqual([])
})

test('interrupted (Ctrl-C), the demo still removes its scratch folder', async () => {
  const demo = startDemo()
  await new Promise<void>((resolve) => {
    const check = () => (demo.stdout().includes('Emulator at') ? resolve() : setTimeout(check, 20))
    check()
  })
  expect(scratch()).toHaveLength(1)
  process.kill(-(demo.child.pid ?? 0), 'SIGINT')
  await demo.done
  expect(scratch()).toEqual([])
})
