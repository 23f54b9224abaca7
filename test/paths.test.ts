/** Paths anywhere the runner can read: hand-offs from earlier steps through /tmp and mounts. */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import { makeWorkspace, runAction, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})

test('a tokens file and a files glob under os.tmpdir(), outside the workspace, are created; a results-file directory is made', async () => {
  const ws = makeWorkspace()
  // What an earlier step wrote with os.tmpdir(): neither in the workspace nor in RUNNER_TEMP.
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'earlier-step-'))
  const tokens = [emu.createUploadToken({ fileName: 'made-elsewhere.jpg' })]
  fs.writeFileSync(path.join(elsewhere, 'tokens.txt'), `${tokens[0]}\tmade-elsewhere.jpg\n`)
  writeFiles(elsewhere, { 'shots/b.png': makePng(4, 4, 501), 'shots/a.png': makePng(4, 4, 502) })
  const resultsFile = path.join(elsewhere, 'not', 'yet', 'there', 'report.json')

  const r = await runAction(
    {
      'access-token': 'test-access-token',
      'api-endpoint': emu.baseUrl,
      'tokens-file': path.join(elsewhere, 'tokens.txt'),
      files: `${elsewhere}/shots/*.png`,
      'results-file': resultsFile
    },
    { ws }
  )
  expect(r.failed).toBe(false)
  expect(r.outputs['created-count']).toBe('3')
  expect(r.outputs['results-file']).toBe(resultsFile)
  const report = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as {
    items: { source: string; outcome: string }[]
  }
  // Sources outside the workspace are named by their absolute paths.
  expect(report.items.map((i) => [i.source, i.outcome])).toEqual([
    [`${path.join(elsewhere, 'tokens.txt')}:1`, 'created'],
    [path.join(elsewhere, 'shots/a.png'), 'created'],
    [path.join(elsewhere, 'shots/b.png'), 'created']
  ])
})

test('a results-file that cannot be written is refused before any call', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'a.png': makePng(4, 4, 503), 'plain-file': 'x' })
  const before = emu.requests.length
  const r = await runAction(
    {
      'access-token': 'test-access-token',
      'api-endpoint': emu.baseUrl,
      files: 'a.png',
      'results-file': 'plain-file/report.json'
    },
    { ws }
  )
  expect(r.failed).toBe(true)
  expect(r.stdout).toMatch(
    /::error::Input `results-file`: .*plain-file\/report\.json cannot be written \(a part of its directory path is a file, not a directory\)/
  )
  expect(emu.requests.length).toBe(before)
})
