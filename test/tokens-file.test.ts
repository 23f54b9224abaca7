/** Tokens files (text, JSON array, JSON Lines) and media item id files, read from disk. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError } from '../src/errors.js'
import {
  MAX_TOKENS_FILE_BYTES,
  parseMediaItemIdsFile,
  parseTokens,
  readMediaItemIdsFile,
  readTokensFile
} from '../src/tokens-file.js'

let dir: string
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokens-file-'))
})
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

function fixture(name: string, content: string | Buffer): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, content)
  return file
}

describe('the three formats, read from files', () => {
  test('text: token, file name and description by TABs; blank and # lines ignored', async () => {
    const file = fixture(
      'tokens.txt',
      '# written by the upload step\r\n\r\ntokA\r\n  tokB\tb.png\ntokC\t c.png \tA description\twith a tab\n\n'
    )
    expect(await readTokensFile(file, 'tokens.txt')).toEqual([
      { uploadToken: 'tokA', source: 'tokens.txt:3' },
      { uploadToken: 'tokB', fileName: 'b.png', source: 'tokens.txt:4' },
      {
        uploadToken: 'tokC',
        fileName: 'c.png',
        description: 'A description\twith a tab',
        source: 'tokens.txt:5'
      }
    ])
  })

  test('text: a token with a description but no file name', async () => {
    const file = fixture('no-name.txt', 'tokA\t\tOnly a description\n')
    expect(await readTokensFile(file, 'no-name.txt')).toEqual([
      { uploadToken: 'tokA', description: 'Only a description', source: 'no-name.txt:1' }
    ])
  })

  test('JSON array of strings', async () => {
    const file = fixture('strings.json', '\uFEFF [\n "a",\n "b"\n]\n')
    expect(await readTokensFile(file, 'strings.json')).toEqual([
      { uploadToken: 'a', source: 'strings.json[0]' },
      { uploadToken: 'b', source: 'strings.json[1]' }
    ])
  })

  test('JSON array of objects: unknown keys and null optional fields ignored', async () => {
    const file = fixture(
      'objects.json',
      JSON.stringify(
        [
          { uploadToken: 'a', fileName: 'a.jpg', description: 'd', extra: 1 },
          { uploadToken: 'b', fileName: null, description: null },
          'c'
        ],
        null,
        2
      )
    )
    expect(await readTokensFile(file, 'objects.json')).toEqual([
      { uploadToken: 'a', fileName: 'a.jpg', description: 'd', source: 'objects.json[0]' },
      { uploadToken: 'b', source: 'objects.json[1]' },
      { uploadToken: 'c', source: 'objects.json[2]' }
    ])
  })

  test('JSON Lines: one object a line, blank lines ignored, line numbers kept', async () => {
    const file = fixture(
      'tokens.jsonl',
      '{"uploadToken":"a"}\n\n{"uploadToken":"b","fileName":"b.mp4","description":"B"}\n'
    )
    expect(await readTokensFile(file, 'tokens.jsonl')).toEqual([
      { uploadToken: 'a', source: 'tokens.jsonl:1' },
      { uploadToken: 'b', fileName: 'b.mp4', description: 'B', source: 'tokens.jsonl:3' }
    ])
  })

  test('an empty file holds no tokens (the caller reports that)', async () => {
    expect(await readTokensFile(fixture('empty.txt', ''), 'empty.txt')).toEqual([])
    expect(parseTokens('\n# nothing yet\n', 't')).toEqual([])
    expect(parseTokens('[]', 't')).toEqual([])
  })
})

describe('errors name tokens-file and the line or index', () => {
  test.each([
    ['[', /^Input `tokens-file`: t is not valid JSON \(.+\)\. A tokens file that starts with `\[`/],
    ['{"a": 1}', /^Input `tokens-file`: t:1: `uploadToken` is missing\./],
    [
      '{"uploadToken":"a"}\n{oops',
      /t:2 is not valid JSON .*In JSON Lines each line holds one whole object/
    ],
    ['{\n  "uploadToken": "a"\n}', /t:1 is not valid JSON .*use a JSON array/],
    ['[1]', /t\[0\]: expected an upload token \(a string\) or an object .*not a number/],
    ['["a", null]', /t\[1\]: expected an upload token .*not null/],
    ['[["a"]]', /t\[0\]: expected an upload token .*not an array/],
    ['{"uploadToken": 7}', /t:1: `uploadToken` is a number; it must be a string/],
    ['[{"uploadToken": true}]', /t\[0\]: `uploadToken` is a boolean; it must be a string/],
    ['[{"fileName": "x.png"}]', /t\[0\]: `uploadToken` is missing/],
    [
      '[{"uploadToken": "a", "fileName": 3}]',
      /t\[0\]: `fileName` is a number; it must be a string/
    ],
    ['[{"uploadToken": "a", "description": {}}]', /t\[0\]: `description` is an object/],
    ['["a", ""]', /t\[1\]: the upload token is empty/],
    ['[{"uploadToken": "  "}]', /t\[0\]: the upload token is empty/],
    ['tokA\n\tname.png\n', /t:2: the upload token is empty/],
    ['tokA name.png\n', /t:1: the upload token contains a space.*Separate .* with a TAB/],
    [`tok\t${'n'.repeat(256)}`, /t:1: the file name is 256 characters long; .*at most 255/],
    [
      JSON.stringify([{ uploadToken: 'a', description: 'd'.repeat(1000) }]),
      /t\[0\]: the description is 1000 characters long; it must be under 1000/
    ],
    [`tok\tx.png\t${'d'.repeat(1500)}`, /t:1: the description is 1500 characters long/],
    ['{"tokens": ["a"]}', /t:1: `uploadToken` is missing/],
    [
      '[{"uploadToken": "a", "filename": "a.jpg"}]',
      /t\[0\]: `filename` is not a field of a token entry; write `fileName`/
    ],
    [
      '{"upload_token": "a"}',
      /t:1: `upload_token` is not a field of a token entry; write `uploadToken`/
    ],
    ['[{"uploadToken": "a", "Description": "d"}]', /write `description`/],
    [`tok\t${'🌅'.repeat(256)}`, /t:1: the file name is 256 characters long/],
    [`tok\tx.png\t${'📷'.repeat(1000)}`, /t:1: the description is 1000 characters long/]
  ])('%s', (text, message) => {
    let error: unknown
    try {
      parseTokens(text, 't')
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe('tokens-file')
    expect((error as Error).message).toMatch(message)
  })

  test('limits are inclusive where Google Photos says so', () => {
    const ok = parseTokens(`tok\t${'n'.repeat(255)}\t${'d'.repeat(999)}`, 't')
    expect(ok[0]?.fileName).toHaveLength(255)
    expect(ok[0]?.description).toHaveLength(999)
  })

  test('characters are counted as Google counts them: an emoji is one', () => {
    const name = `${'🌅'.repeat(251)}.jpg`
    const description = '📷'.repeat(999)
    const [entry] = parseTokens(
      JSON.stringify([{ uploadToken: 'a', fileName: name, description }]),
      't'
    )
    expect(entry?.fileName).toBe(name)
    expect(entry?.description).toBe(description)
  })
})

describe('the size bound', () => {
  test('a tokens file over 16 MiB is refused before it is read', async () => {
    const file = fixture('big.txt', '')
    fs.truncateSync(file, MAX_TOKENS_FILE_BYTES + 1)
    await expect(readTokensFile(file, 'big.txt')).rejects.toThrow(
      new InputError(
        'tokens-file',
        `big.txt is larger than 16 MiB (${MAX_TOKENS_FILE_BYTES + 1} bytes), the most the action reads. Split the list over several steps.`
      )
    )
  })

  test('a file of exactly 16 MiB is read', async () => {
    const head = 'tok\n#'
    const file = fixture('at-bound.txt', head + 'x'.repeat(MAX_TOKENS_FILE_BYTES - head.length))
    expect(fs.statSync(file).size).toBe(MAX_TOKENS_FILE_BYTES)
    expect(await readTokensFile(file, 'at-bound.txt')).toEqual([
      { uploadToken: 'tok', source: 'at-bound.txt:1' }
    ])
  })

  test('an ids file over the bound is refused on media-item-ids-file', async () => {
    const file = fixture('big-ids.txt', '')
    fs.truncateSync(file, MAX_TOKENS_FILE_BYTES + 1)
    await expect(readMediaItemIdsFile(file, 'big-ids.txt')).rejects.toThrow(
      /^Input `media-item-ids-file`: big-ids\.txt is larger than 16 MiB/
    )
  })

  test('a file that cannot be opened says so', async () => {
    await expect(readTokensFile(path.join(dir, 'gone.txt'), 'gone.txt')).rejects.toThrow(
      /^Input `tokens-file`: gone\.txt cannot be opened \(ENOENT\)/
    )
  })
})

describe('media item ids files', () => {
  test('one id a line, blank and # lines ignored; or a JSON array', async () => {
    const lines = fixture('ids.txt', '\uFEFFid1\r\n# from the last run\n\n  id2 \nid1\n')
    const json = fixture('ids.json', '["id3", "id-4_x"]')
    expect(await readMediaItemIdsFile(lines, 'ids.txt')).toEqual(['id1', 'id2', 'id1'])
    expect(await readMediaItemIdsFile(json, 'ids.json')).toEqual(['id3', 'id-4_x'])
    expect(parseMediaItemIdsFile('', 'e')).toEqual([])
  })

  test("a create step's JSON report: its items' ids in input order, null where an item has none", () => {
    const report = JSON.stringify({
      state: 'finished',
      items: [
        { index: 0, outcome: 'created', mediaItemId: 'idA' },
        { index: 1, outcome: 'failed' },
        { index: 2, outcome: 'skipped', mediaItemId: 'idC' }
      ]
    })
    expect(parseMediaItemIdsFile(report, 'r')).toEqual(['idA', null, 'idC'])
  })

  test.each([
    ['{"ids": ["a"]}', /i is a JSON object without `items`: give one id a line/],
    ['{"items": [{"mediaItemId": "a b"}]}', /i: items\[0\]: "a b" is not a media item id/],
    ['[3]', /i\[0\]: expected a media item id \(a string\) or null, not a number/],
    ['["a",', /i is not valid JSON/],
    ['["ok", "a b"]', /i\[1\]: "a b" is not a media item id/],
    ['ok\nid1, id2\n', /i:2: "id1, id2" is not a media item id .*Write one id a line/]
  ])('%s → error on media-item-ids-file', (text, message) => {
    expect(() => parseMediaItemIdsFile(text, 'i')).toThrow(/^Input `media-item-ids-file`: /)
    expect(() => parseMediaItemIdsFile(text, 'i')).toThrow(message)
  })
})
