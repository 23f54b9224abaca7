import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  MAX_TOKENS_FILE_BYTES,
  parseTokens,
  readMediaItemIdsFile,
  readTokensFile
} from '../src/tokens-file.js'

describe('parseTokens', () => {
  test('text: token, file name and description by tabs; blank and # lines ignored', () => {
    expect(
      parseTokens('# made by step x\n\ntokA\ntokB\tb.png\ntokC\tc.png\tA description\n', 't.txt')
    ).toEqual([
      { uploadToken: 'tokA', source: 't.txt:3' },
      { uploadToken: 'tokB', fileName: 'b.png', source: 't.txt:4' },
      { uploadToken: 'tokC', fileName: 'c.png', description: 'A description', source: 't.txt:5' }
    ])
  })

  test('JSON array of strings and of objects', () => {
    expect(parseTokens('["a","b"]', 'j.json')).toEqual([
      { uploadToken: 'a', source: 'j.json[0]' },
      { uploadToken: 'b', source: 'j.json[1]' }
    ])
    expect(
      parseTokens(
        JSON.stringify([{ uploadToken: 'a', fileName: 'a.jpg', description: 'd', extra: 1 }]),
        'j.json'
      )
    ).toEqual([{ uploadToken: 'a', fileName: 'a.jpg', description: 'd', source: 'j.json[0]' }])
  })

  test('JSON Lines', () => {
    expect(
      parseTokens('{"uploadToken":"a"}\n\n{"uploadToken":"b","fileName":"b.mp4"}\n', 'l.jsonl')
    ).toEqual([
      { uploadToken: 'a', source: 'l.jsonl:1' },
      { uploadToken: 'b', fileName: 'b.mp4', source: 'l.jsonl:3' }
    ])
  })

  test.each([
    ['[1]', /t\[0\]: expected an upload token/],
    ['[{"fileName":"x"}]', /t\[0\]: `uploadToken`/],
    ['[', /not valid JSON/],
    ['{"uploadToken":"a"}\n{oops', /t:2 is not valid JSON/],
    [`tok\t${'n'.repeat(256)}`, /t:1: the file name is 256 characters; at most 255/],
    [
      JSON.stringify([{ uploadToken: 'a', description: 'd'.repeat(1000) }]),
      /description is 1000 characters; it must be under 1000/
    ],
    ['{"a":1}', /t:1: `uploadToken`/]
  ])('%s → error naming tokens-file and the place', (text, message) => {
    expect(() => parseTokens(text, 't')).toThrow(message)
    expect(() => parseTokens(text, 't')).toThrow(/Input `tokens-file`/)
  })
})

test('a tokens file over the bound is refused before it is read', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tok-')), 'big.txt')
  fs.writeFileSync(file, '')
  fs.truncateSync(file, MAX_TOKENS_FILE_BYTES + 1)
  await expect(readTokensFile(file, 'big.txt')).rejects.toThrow(/16 MiB/)
})

test('media item ids file: lines or a JSON array', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ids-'))
  fs.writeFileSync(path.join(dir, 'a.txt'), 'id1\n# c\n\nid2\n')
  fs.writeFileSync(path.join(dir, 'b.json'), '["id3","id4"]')
  fs.writeFileSync(path.join(dir, 'c.json'), '[3]')
  expect(await readMediaItemIdsFile(path.join(dir, 'a.txt'), 'a.txt')).toEqual(['id1', 'id2'])
  expect(await readMediaItemIdsFile(path.join(dir, 'b.json'), 'b.json')).toEqual(['id3', 'id4'])
  await expect(readMediaItemIdsFile(path.join(dir, 'c.json'), 'c.json')).rejects.toThrow(
    /Input `media-item-ids-file`/
  )
})
