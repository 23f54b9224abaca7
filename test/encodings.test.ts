/**
 * Tokens and id files in the encodings Windows and other tools write: UTF-8 with or without
 * a BOM, UTF-16LE (Windows PowerShell 5.1's `>`) and UTF-16BE with one. Anything else, or
 * bytes no token can hold, is refused before any call, naming the input and the encoding.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import { makeWorkspace, runAction } from './helpers/action.js'
import { readMediaItemIdsFile, readTokensFile } from '../src/tokens-file.js'

let emu: PhotosEmulator
let dir: string
beforeAll(async () => {
  emu = await PhotosEmulator.start()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'encodings-'))
})
afterAll(async () => {
  await emu.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const auth = () => ({ 'access-token': 'test-access-token', 'api-endpoint': emu.baseUrl })

type Encoding = 'utf-16le BOM' | 'utf-16be BOM' | 'utf-8 BOM' | 'utf-8'

/** The bytes a tool writes for this text in this encoding. */
function encode(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf-16le BOM':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    case 'utf-16be BOM':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])
    case 'utf-8 BOM':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
    case 'utf-8':
      return Buffer.from(text, 'utf8')
  }
}

/** As PowerShell writes lines: CRLF after each, the last included. */
const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('')

function fixture(name: string, bytes: Buffer): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, bytes)
  return file
}

const ENCODINGS: Encoding[] = ['utf-16le BOM', 'utf-16be BOM', 'utf-8 BOM', 'utf-8']

describe.each(ENCODINGS)('%s', (encoding) => {
  const tag = encoding.replace(/\W+/g, '-')

  test('text, JSON array and JSON Lines read alike, non-ASCII names kept', async () => {
    const expected = [
      { uploadToken: 'tokA', fileName: 'été.jpg', description: 'Straße 写真', source: '' },
      { uploadToken: 'tokB', fileName: 'b.png', source: '' }
    ]
    const text = crlf(['# tokens', 'tokA\tété.jpg\tStraße 写真', 'tokB\tb.png'])
    const array = JSON.stringify(
      expected.map(({ uploadToken, fileName, description }) => ({
        uploadToken,
        fileName,
        description
      })),
      null,
      2
    ).replace(/\n/g, '\r\n')
    const lines = crlf(
      expected.map(({ uploadToken, fileName, description }) =>
        JSON.stringify({ uploadToken, fileName, description })
      )
    )
    const sources = {
      text: ['t.txt:2', 't.txt:3'],
      array: ['t.json[0]', 't.json[1]'],
      lines: ['t.jsonl:1', 't.jsonl:2']
    }
    for (const [format, content, shown] of [
      ['text', text, 't.txt'],
      ['array', array, 't.json'],
      ['lines', lines, 't.jsonl']
    ] as const) {
      const file = fixture(`${tag}-${format}`, encode(content, encoding))
      expect(await readTokensFile(file, shown)).toEqual(
        expected.map((e, i) => ({ ...e, source: sources[format][i] }))
      )
    }
  })

  test('media-item-ids-file: one id a line, or a JSON array', async () => {
    const lines = fixture(`${tag}-ids.txt`, encode(crlf(['id1', '# old', 'id2']), encoding))
    const array = fixture(`${tag}-ids.json`, encode('["id3", "id4"]\r\n', encoding))
    expect(await readMediaItemIdsFile(lines, 'ids.txt')).toEqual(['id1', 'id2'])
    expect(await readMediaItemIdsFile(array, 'ids.json')).toEqual(['id3', 'id4'])
  })
})

describe('refused before anything is parsed, naming the input, the encoding and the fix', () => {
  const fix =
    'Write it as UTF-8 (in PowerShell: `Out-File -Encoding utf8` or `Set-Content -Encoding utf8`).'
  test.each<[string, Buffer, string]>([
    [
      'UTF-16LE without a BOM',
      Buffer.from('tokA\r\n', 'utf16le'),
      't.txt is UTF-16LE without a byte order mark, which cannot be told from binary data; UTF-16 is read only with one.'
    ],
    [
      'UTF-16BE without a BOM',
      Buffer.from('tokA\r\n', 'utf16le').swap16(),
      't.txt is UTF-16BE without a byte order mark'
    ],
    [
      'UTF-32LE',
      Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('t\0\0\0', 'latin1')]),
      't.txt is UTF-32LE (by its byte order mark), which is not read.'
    ],
    [
      'Windows-1252',
      Buffer.from('tokA\tcaf\xe9.jpg\r\n', 'latin1'),
      't.txt is not valid UTF-8: likely a legacy code page such as Windows-1252.'
    ],
    [
      'a UTF-16LE BOM over an odd number of bytes',
      Buffer.from([0xff, 0xfe, 0x74, 0x00, 0x6f]),
      't.txt is not valid UTF-16LE, though it starts with that byte order mark'
    ],
    [
      'a NUL byte in UTF-8',
      Buffer.from('tokA\ntok\0B\n'),
      't.txt:2 holds the control character U+0000, which no upload token, file name or id holds (the file was read as UTF-8).'
    ],
    [
      'a control character in UTF-16LE',
      encode(crlf(['tokA', 'tokB\x07']), 'utf-16le BOM'),
      't.txt:2 holds the control character U+0007, which no upload token, file name or id holds (the file was read as UTF-16LE).'
    ]
  ])('%s', async (_, bytes, message) => {
    const tokens = fixture('refused-tokens', bytes)
    const ids = fixture('refused-ids', bytes)
    await expect(readTokensFile(tokens, 't.txt')).rejects.toThrow(
      `Input \`tokens-file\`: ${message}`
    )
    await expect(readTokensFile(tokens, 't.txt')).rejects.toThrow(fix)
    await expect(readMediaItemIdsFile(ids, 't.txt')).rejects.toThrow(
      `Input \`media-item-ids-file\`: ${message}`
    )
  })

  test('a control character escaped inside JSON is refused in the token too', async () => {
    const file = fixture('escaped.json', Buffer.from('["tok\\u0000A"]'))
    await expect(readTokensFile(file, 't.json')).rejects.toThrow(
      'Input `tokens-file`: t.json[0]: the upload token contains a control character'
    )
  })
})

describe('the action with files from Windows', () => {
  test.each<Encoding>(['utf-16le BOM', 'utf-16be BOM', 'utf-8 BOM'])(
    'a %s tokens file with CRLF lines creates its items',
    async (encoding) => {
      const ws = makeWorkspace()
      const names = ['straße.jpg', 'b.jpg', 'c.jpg']
      const tokens = names.map((fileName) => emu.createUploadToken({ fileName }))
      const lines = tokens.map((t, i) => `${t}\t${names[i]}`)
      fs.writeFileSync(path.join(ws.workspace, 'tokens.txt'), encode(crlf(lines), encoding))
      const album = emu.addAlbum({ title: `From Windows ${encoding}` })
      const r = await runAction(
        { ...auth(), 'tokens-file': 'tokens.txt', 'album-id': album.id },
        { ws }
      )
      expect(r.failed).toBe(false)
      expect(r.outputs['created-count']).toBe('3')
      const ids = JSON.parse(r.outputs['media-item-ids'] ?? '[]') as string[]
      expect(ids).toEqual(tokens.map((t) => emu.upload(t)?.usedBy))
      expect(ids.map((id) => emu.mediaItem(id)?.filename)).toEqual(names)
      expect(emu.albumItemIds(album.id)).toEqual(ids)
      expect(emu.calls('batchCreate').at(-1)?.json).toMatchObject({
        newMediaItems: names.map((fileName, i) => ({
          simpleMediaItem: { uploadToken: tokens[i], fileName }
        }))
      })
    }
  )

  test('get mode reads a UTF-16LE media-item-ids-file', async () => {
    const ws = makeWorkspace()
    const items = [
      emu.addMediaItem({ fileName: 'g1.jpg' }),
      emu.addMediaItem({ fileName: 'g2.jpg' })
    ]
    fs.writeFileSync(
      path.join(ws.workspace, 'ids.txt'),
      encode(crlf(items.map((i) => i.id)), 'utf-16le BOM')
    )
    const r = await runAction({ ...auth(), mode: 'get', 'media-item-ids-file': 'ids.txt' }, { ws })
    expect(r.failed).toBe(false)
    expect(r.outputs['created-count']).toBe('2')
    expect(r.report?.items.map((i) => i.mediaItemId)).toEqual(items.map((i) => i.id))
  })

  test('a tokens file with bytes no token can hold: one error naming tokens-file, and no call', async () => {
    const ws = makeWorkspace()
    const token = emu.createUploadToken()
    // UTF-16LE without its BOM: what a tool that drops the mark leaves.
    fs.writeFileSync(path.join(ws.workspace, 'tokens.txt'), Buffer.from(`${token}\r\n`, 'utf16le'))
    const before = emu.requests.length
    const r = await runAction({ ...auth(), 'tokens-file': 'tokens.txt' }, { ws })
    expect(r.failed).toBe(true)
    expect(emu.requests.length).toBe(before)
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'))
    expect(errors).toEqual([
      '::error::Input `tokens-file`: tokens.txt is UTF-16LE without a byte order mark, which cannot be told from binary data; UTF-16 is read only with one. Write it as UTF-8 (in PowerShell: `Out-File -Encoding utf8` or `Set-Content -Encoding utf8`).'
    ])
    expect(r.outputs['total-count']).toBe('0')
    expect(emu.upload(token)?.usedBy).toBeUndefined()
  })
})
