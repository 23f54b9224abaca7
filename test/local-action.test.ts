/**
 * `npm run local-action`: @github/local-action runs src/main.ts with the inputs of
 * .env.example, here against the emulator (its port put in place of 8080).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import { makeWorkspace, ROOT, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})

test('.env.example runs the action through local-action against the emulator', async () => {
  const { workspace, temp } = makeWorkspace()
  writeFiles(workspace, { 'a.png': makePng(20, 10, 60), 'b.png': makePng(20, 10, 61) })
  const summary = path.join(temp, 'summary.md')
  const env = fs
    .readFileSync(path.join(ROOT, '.env.example'), 'utf8')
    .replaceAll('http://127.0.0.1:8080', emu.baseUrl)
    .replace(/^GITHUB_WORKSPACE=.*$/m, `GITHUB_WORKSPACE=${workspace}`)
    .replace(/^RUNNER_TEMP=.*$/m, `RUNNER_TEMP=${temp}`)
    .replace(/^GITHUB_STEP_SUMMARY=.*$/m, `GITHUB_STEP_SUMMARY=${summary}`)
  const envFile = path.join(temp, '.env')
  fs.writeFileSync(envFile, env)

  const child = spawn(
    path.join(ROOT, 'node_modules/.bin/local-action'),
    ['.', 'src/main.ts', envFile],
    {
      cwd: ROOT,
      env: { PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))

  expect(code).toBe(0)
  expect(stdout).toContain('::set-output name=created-count::2')
  const album = emu.albums().find((a) => a.title === 'Local run')
  expect(album).toBeDefined()
  expect(emu.albumItemIds(album?.id ?? '').map((id) => emu.mediaItem(id)?.filename)).toEqual([
    'a.png',
    'b.png'
  ])
  expect(fs.readFileSync(summary, 'utf8')).toContain(
    '**Verified:** 2 of 2 created item(s) found again.'
  )
}, 120_000)
