/** readConfig: every bad input gets one InputError naming the input and the fix; good inputs a typed Config. */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { load } from 'js-yaml'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError } from '../src/errors.js'
import {
  countCharacters,
  Inputs,
  isLoopbackHost,
  parseMediaItemIds,
  readConfig
} from '../src/inputs.js'
import type { Config } from '../src/types.js'

type InputValues = Record<string, string>

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * The defaults of action.yml, which the runner always passes; an expression default
 * (`github-token`) is left out, as the runner's value of it is not known here.
 */
const action = load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>
}
const DEFAULTS: InputValues = Object.fromEntries(
  Object.entries(action.inputs).flatMap(([name, spec]) =>
    spec.default === undefined || String(spec.default).includes('${{')
      ? []
      : [[name, String(spec.default)]]
  )
)

const envKey = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

let savedEnv: NodeJS.ProcessEnv
let base: string
let workspace: string
let temp: string

beforeEach(() => {
  savedEnv = { ...process.env }
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key]
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-'))
  workspace = path.join(base, 'workspace')
  temp = path.join(base, 'runner-temp')
  fs.mkdirSync(path.join(workspace, 'lists'), { recursive: true })
  fs.mkdirSync(temp)
  fs.writeFileSync(path.join(workspace, 'lists', 'tokens.txt'), 'tok1\n')
  fs.writeFileSync(path.join(workspace, 'lists', 'ids.txt'), 'id1\n')
  fs.writeFileSync(path.join(base, 'outside.txt'), 'tok1\n')
  process.env.GITHUB_WORKSPACE = workspace
  process.env.RUNNER_TEMP = temp
})

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key]
  Object.assign(process.env, savedEnv)
  fs.rmSync(base, { recursive: true, force: true })
})

/** readConfig with the runner's defaults plus these inputs; stdout (workflow commands) captured. */
function read(inputs: InputValues): { config?: Config; error?: unknown; stdout: string } {
  for (const [name, value] of Object.entries({ ...DEFAULTS, ...inputs })) {
    process.env[envKey(name)] = value
  }
  let stdout = ''
  const write = process.stdout.write
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  }) as typeof process.stdout.write
  try {
    return { config: readConfig(), stdout }
  } catch (error) {
    return { error, stdout }
  } finally {
    process.stdout.write = write
  }
}

function configOf(inputs: InputValues): Config {
  const { config, error } = read(inputs)
  if (error) throw error
  return config as Config
}

const token: InputValues = { 'access-token': 'ya29.test-access-token' }
const create: InputValues = { ...token, files: 'shots/*.png' }
const get: InputValues = { ...token, mode: 'get', 'media-item-ids': 'id1' }
const album: InputValues = { ...create, 'album-id': 'album1' }

interface BadCase {
  name: string
  inputs: InputValues | (() => InputValues)
  input: string
  message: RegExp | (() => RegExp)
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const GET_ONLY_FIX =
  /is for `mode: create`; `mode: get` only reads media items\. Remove it, or set `mode: create`\./

const badCases: BadCase[] = [
  {
    name: 'unknown mode',
    inputs: { ...create, mode: 'upload' },
    input: 'mode',
    message: /"upload" is not a mode\. Use `create` .* or `get`/
  },
  {
    name: 'create with neither files nor tokens-file',
    inputs: token,
    input: 'files',
    message: /nothing to create: set `files` .*, `tokens-file` .* or `release-assets: true`/
  },
  {
    name: 'create with files that hold only comments',
    inputs: { ...token, files: '# later\n\n' },
    input: 'files',
    message: /nothing to create/
  },
  {
    name: 'get with neither media-item-ids nor media-item-ids-file',
    inputs: { ...token, mode: 'get' },
    input: 'media-item-ids',
    message: /`mode: get` needs media item ids: set `media-item-ids` .* or `media-item-ids-file`/
  },
  ...(
    [
      ['files', 'a.png'],
      ['tokens-file', 'lists/tokens.txt'],
      ['album-id', 'album1'],
      ['album-title', 'Trip'],
      ['position', 'first-in-album'],
      ['position', 'last-in-album'],
      ['relative-item-id', 'item1'],
      ['description', 'Hello'],
      ['skip-existing', 'true'],
      ['verify', 'true']
    ] as const
  ).map(([name, value]): BadCase => ({
    name: `${name}: ${value} in get mode`,
    inputs: { ...get, [name]: value },
    input: name,
    message: GET_ONLY_FIX
  })),
  ...(
    [
      ['media-item-ids', 'id1'],
      ['media-item-ids-file', 'lists/ids.txt']
    ] as const
  ).map(([name, value]): BadCase => ({
    name: `${name} in create mode`,
    inputs: { ...create, [name]: value },
    input: name,
    message: /is for `mode: get` .*Remove it, or set `mode: get`\./
  })),
  {
    name: 'album-id with album-title',
    inputs: { ...create, 'album-id': 'album1', 'album-title': 'Trip' },
    input: 'album-id',
    message: /is set together with `album-title`; give one/
  },
  {
    name: 'album-id with characters no id has',
    inputs: { ...create, 'album-id': '../albums' },
    input: 'album-id',
    message: /"\.\.\/albums" has characters an album id cannot have \(letters, digits/
  },
  {
    name: 'album-title of only spaces',
    inputs: { ...create, 'album-title': '   ' },
    input: 'album-title',
    message: /is only spaces\. Give the album a title, or remove `album-title`/
  },
  {
    name: 'album-title over 500 characters',
    inputs: { ...create, 'album-title': 't'.repeat(501) },
    input: 'album-title',
    message: /is 501 characters long; Google Photos allows at most 500\. Shorten it/
  },
  {
    name: 'unknown position',
    inputs: { ...album, position: 'middle' },
    input: 'position',
    message:
      /"middle" is not a position\. Use `last-in-album`, `first-in-album`, `after-media-item` or `after-enrichment-item`/
  },
  {
    name: 'the API enum value that is not a position',
    inputs: { ...album, position: 'POSITION_TYPE_UNSPECIFIED' },
    input: 'position',
    message: /"POSITION_TYPE_UNSPECIFIED" is not a position/
  },
  {
    name: 'first-in-album without an album',
    inputs: { ...create, position: 'first-in-album' },
    input: 'position',
    message:
      /`first-in-album` needs an album: set `album-id` or `album-title`, or remove `position`/
  },
  {
    name: 'after-media-item without an album',
    inputs: { ...create, position: 'AFTER_MEDIA_ITEM', 'relative-item-id': 'item1' },
    input: 'position',
    message: /`AFTER_MEDIA_ITEM` needs an album/
  },
  {
    name: 'after-media-item without relative-item-id',
    inputs: { ...album, position: 'after-media-item' },
    input: 'position',
    message:
      /`after-media-item` needs `relative-item-id`: set it to the id of the media item to insert after\./
  },
  {
    name: 'after-enrichment-item without relative-item-id',
    inputs: { ...album, position: 'AFTER_ENRICHMENT_ITEM' },
    input: 'position',
    message: /needs `relative-item-id`: set it to the id of the enrichment item to insert after/
  },
  {
    name: 'relative-item-id with first-in-album',
    inputs: { ...album, position: 'first-in-album', 'relative-item-id': 'item1' },
    input: 'relative-item-id',
    message:
      /is only used with `position: after-media-item` or `after-enrichment-item`, not with `first-in-album`\. Remove it/
  },
  {
    name: 'relative-item-id without a position (last-in-album)',
    inputs: { ...album, 'relative-item-id': 'item1' },
    input: 'relative-item-id',
    message: /not with `last-in-album`/
  },
  {
    name: 'relative-item-id with characters no id has',
    inputs: { ...album, position: 'after-media-item', 'relative-item-id': 'a b' },
    input: 'relative-item-id',
    message: /"a b" has characters an id cannot have/
  },
  {
    name: 'description of 1000 characters',
    inputs: { ...create, description: 'd'.repeat(1000) },
    input: 'description',
    message:
      /is 1000 characters long; Google Photos takes descriptions under 1000 characters\. Shorten it/
  },
  {
    name: 'description of 1000 emoji (characters, as Google counts them)',
    inputs: { ...create, description: '📷'.repeat(1000) },
    input: 'description',
    message: /is 1000 characters long; Google Photos takes descriptions under 1000/
  },
  {
    name: 'album-title of 501 emoji',
    inputs: { ...create, 'album-title': '🌅'.repeat(501) },
    input: 'album-title',
    message: /is 501 characters long; Google Photos allows at most 500/
  },
  {
    name: 'description of 4321 characters',
    inputs: { ...create, description: 'd'.repeat(4321) },
    input: 'description',
    message: /is 4321 characters long/
  },
  {
    name: 'no credentials',
    inputs: { files: 'a.png' },
    input: 'access-token',
    message:
      /no credentials: set `access-token`, or all of `client-id`, `client-secret` and `refresh-token`/
  },
  {
    name: 'access-token with client-id',
    inputs: { ...create, 'client-id': 'cid' },
    input: 'access-token',
    message: /is set together with `client-id`; give either `access-token`, or all of/
  },
  {
    name: 'access-token with the whole OAuth trio',
    inputs: { ...create, 'client-id': 'cid', 'client-secret': 'cs', 'refresh-token': 'rt' },
    input: 'access-token',
    message: /together with `client-id`, `client-secret`, `refresh-token`; .*not both/
  },
  {
    name: 'OAuth trio without refresh-token',
    inputs: { files: 'a.png', 'client-id': 'cid', 'client-secret': 'cs' },
    input: 'refresh-token',
    message: /go together\. Missing: `refresh-token`; set it from secrets, or use `access-token`/
  },
  {
    name: 'OAuth trio with only refresh-token',
    inputs: { files: 'a.png', 'refresh-token': 'rt' },
    input: 'client-id',
    message: /Missing: `client-id`, `client-secret`; set them/
  },
  ...['many', '0', '33', '2.5', '-1', '1e1'].map((value): BadCase => ({
    name: `concurrency ${value}`,
    inputs: { ...create, concurrency: value },
    input: 'concurrency',
    message: new RegExp(
      `"${escape(value)}" is not a whole number from 1 to 32\\. .*default \\(6\\)`
    )
  })),
  ...(
    [
      ['skip-existing', 'yes'],
      ['verify', 'checked'],
      ['fail-on-error', 'maybe'],
      ['dry-run', '1'],
      ['summary', 'on'],
      ['summary', 'tRUE']
    ] as const
  ).map(([name, value]): BadCase => ({
    name: `${name}: ${value}`,
    inputs: { ...album, [name]: value },
    input: name,
    message: new RegExp(`"${value}" is not a boolean\\. Use \`true\` or \`false\``)
  })),
  {
    name: 'skip-existing without an album',
    inputs: { ...create, 'skip-existing': 'true' },
    input: 'skip-existing',
    message: /set `album-id` or `album-title`, or remove `skip-existing`/
  },
  {
    name: 'api-endpoint not a URL',
    inputs: { ...create, 'api-endpoint': 'not a url' },
    input: 'api-endpoint',
    message:
      /"not a url" is not an absolute URL\. Write it in full, such as https:\/\/photoslibrary/
  },
  {
    name: 'api-endpoint without a scheme',
    inputs: { ...create, 'api-endpoint': '/v1' },
    input: 'api-endpoint',
    message: /is not an absolute URL/
  },
  {
    name: 'api-endpoint with another scheme',
    inputs: { ...create, 'api-endpoint': 'ftp://photos.example.com' },
    input: 'api-endpoint',
    message: /is not an http\(s\) URL/
  },
  {
    name: 'api-endpoint over http off loopback',
    inputs: { ...create, 'api-endpoint': 'http://photos.example.com' },
    input: 'api-endpoint',
    message:
      /must use https: tokens would travel in clear text\. Plain http is allowed only on loopback/
  },
  {
    name: 'token-endpoint over http on a name that only starts with 127.',
    inputs: { ...create, 'token-endpoint': 'http://127.0.0.1.example.com/token' },
    input: 'token-endpoint',
    message: /must use https/
  },
  {
    name: 'token-endpoint over http on a private address',
    inputs: { ...create, 'token-endpoint': 'http://10.0.0.1/token' },
    input: 'token-endpoint',
    message: /must use https/
  },
  {
    name: 'api-endpoint with a password in it',
    inputs: { ...create, 'api-endpoint': 'https://user:pw@photos.example.com' },
    input: 'api-endpoint',
    message: /holds a user name or password, which would show in logs/
  },
  {
    name: 'api-endpoint with a query',
    inputs: { ...create, 'api-endpoint': 'https://proxy.example.com/photos?key=1' },
    input: 'api-endpoint',
    message: /is a base URL, .*remove the query or fragment/
  },
  {
    name: 'tokens-file that does not exist',
    inputs: { ...token, 'tokens-file': 'lists/missing.txt' },
    input: 'tokens-file',
    message: () =>
      new RegExp(`${escape(path.join(workspace, 'lists', 'missing.txt'))} does not exist\\. Check`)
  },
  {
    name: 'tokens-file that is a directory',
    inputs: { ...token, 'tokens-file': 'lists' },
    input: 'tokens-file',
    message: () =>
      new RegExp(
        `${escape(path.join(workspace, 'lists'))} is not a regular file \\(it is a directory\\)`
      )
  },
  {
    name: 'media-item-ids-file that does not exist',
    inputs: { ...token, mode: 'get', 'media-item-ids-file': 'ids.json' },
    input: 'media-item-ids-file',
    message: () => new RegExp(`${escape(path.join(workspace, 'ids.json'))} does not exist`)
  },
  {
    name: 'results-file under a path that is a file',
    inputs: { ...create, 'results-file': 'lists/tokens.txt/report.json' },
    input: 'results-file',
    message: () =>
      new RegExp(
        `${escape(path.join(workspace, 'lists/tokens.txt/report.json'))} cannot be written \\(a part of its directory path is a file, not a directory\\)`
      )
  },
  {
    name: 'results-file that is a directory',
    inputs: { ...create, 'results-file': 'lists' },
    input: 'results-file',
    message: /is a directory\. Give a file path, such as .*lists\/photos-results\.json/
  },
  {
    name: 'media item id with characters no id has',
    inputs: { ...token, mode: 'get', 'media-item-ids': 'abc;rm' },
    input: 'media-item-ids',
    message: /id 1, "abc;rm", has characters a media item id cannot have/
  },
  {
    name: 'second media item id with a slash',
    inputs: { ...token, mode: 'get', 'media-item-ids': 'ok1, bad/id' },
    input: 'media-item-ids',
    message: /id 2, "bad\/id"/
  }
]

describe('bad inputs: one InputError that names the input and says the fix', () => {
  test('there are enough cases', () => {
    expect(badCases.length).toBeGreaterThanOrEqual(30)
  })

  test.each(badCases)('$name → `$input`', ({ inputs, input, message }) => {
    const { error } = read(typeof inputs === 'function' ? inputs() : inputs)
    expect(error).toBeInstanceOf(InputError)
    const err = error as InputError
    expect(err.input).toBe(input)
    expect(err.message.startsWith(`Input \`${input}\`: `)).toBe(true)
    expect(err.message).toMatch(typeof message === 'function' ? message() : message)
  })
})

describe('good inputs', () => {
  test('the defaults of action.yml give a complete config', () => {
    expect(configOf(create)).toEqual({
      mode: 'create',
      filePatterns: ['shots/*.png'],
      position: 'LAST_IN_ALBUM',
      mediaItemIds: [],
      credentials: { kind: 'access-token', accessToken: 'ya29.test-access-token' },
      concurrency: 6,
      skipExisting: false,
      verify: false,
      failOnError: true,
      dryRun: false,
      resultsFile: path.join(temp, 'photos-results.json'),
      summary: true,
      apiEndpoint: 'https://photoslibrary.googleapis.com',
      tokenEndpoint: 'https://oauth2.googleapis.com/token'
    })
  })

  test('inputs left out entirely (no runner defaults) give the same config', () => {
    process.env[envKey('files')] = 'shots/*.png'
    process.env[envKey('access-token')] = 'ya29.test-access-token'
    let config: Config | undefined
    const write = process.stdout.write
    process.stdout.write = (() => true) as typeof process.stdout.write
    try {
      config = readConfig()
    } finally {
      process.stdout.write = write
    }
    expect(config).toEqual(configOf(create))
  })

  test('results-file defaults to the OS temp dir without RUNNER_TEMP', () => {
    delete process.env.RUNNER_TEMP
    expect(configOf(create).resultsFile).toBe(path.join(os.tmpdir(), 'photos-results.json'))
  })

  test('files: split on lines, trimmed, blank and # lines dropped, order kept', () => {
    const files = '  b/*.png \r\n\n# screenshots\na/**/*.mp4\n   \n b/*.png\n'
    expect(configOf({ ...token, files }).filePatterns).toEqual(['b/*.png', 'a/**/*.mp4', 'b/*.png'])
  })

  test('media-item-ids: split on newlines, commas and spaces; order and duplicates kept', () => {
    const config = configOf({ ...token, mode: 'get', 'media-item-ids': 'b, a\nc  d,,\tb\n' })
    expect(config.mode).toBe('get')
    expect(config.mediaItemIds).toEqual(['b', 'a', 'c', 'd', 'b'])
    expect(parseMediaItemIds('')).toEqual([])
  })

  test('get mode: an ids file and ids; skip-existing and verify false (their defaults) are fine', () => {
    const config = configOf({
      ...token,
      mode: 'GET',
      'media-item-ids': 'x1',
      'media-item-ids-file': 'lists/ids.txt',
      'skip-existing': 'false',
      verify: 'false'
    })
    expect(config).toMatchObject({
      mode: 'get',
      mediaItemIds: ['x1'],
      mediaItemIdsFile: path.join(workspace, 'lists', 'ids.txt'),
      filePatterns: []
    })
  })

  test.each([
    ['last-in-album', 'LAST_IN_ALBUM', undefined],
    ['first-in-album', 'FIRST_IN_ALBUM', undefined],
    ['FIRST_IN_ALBUM', 'FIRST_IN_ALBUM', undefined],
    ['First-In-Album', 'FIRST_IN_ALBUM', undefined],
    ['after-media-item', 'AFTER_MEDIA_ITEM', 'item-1_A'],
    ['after_enrichment_item', 'AFTER_ENRICHMENT_ITEM', 'enr1'],
    ['AFTER_ENRICHMENT_ITEM', 'AFTER_ENRICHMENT_ITEM', 'enr1']
  ])('position %s → %s', (text, position, relative) => {
    const config = configOf({
      ...album,
      position: text,
      ...(relative ? { 'relative-item-id': relative } : {})
    })
    expect(config.position).toBe(position)
    expect(config.relativeItemId).toBe(relative)
  })

  test('last-in-album needs no album', () => {
    expect(configOf({ ...create, position: 'LAST_IN_ALBUM' }).position).toBe('LAST_IN_ALBUM')
  })

  test('album-title is trimmed; 500 characters and a 999-character description pass', () => {
    expect(configOf({ ...create, 'album-title': '  Release v1  ' }).albumTitle).toBe('Release v1')
    const long = configOf({
      ...create,
      'album-title': 't'.repeat(500),
      description: 'd'.repeat(999)
    })
    expect(long.albumTitle).toHaveLength(500)
    expect(long.description).toHaveLength(999)
  })

  test('characters are counted as Google counts them: 600 emoji are 600, not 1200', () => {
    const config = configOf({
      ...create,
      'album-title': '🌅'.repeat(500),
      description: '📷'.repeat(600)
    })
    expect(config.description).toBe('📷'.repeat(600))
    expect(countCharacters('📷'.repeat(999))).toBe(999)
    expect(countCharacters('é')).toBe(1)
  })

  test.each([
    ['https://photoslibrary.googleapis.com/v1', 'https://photoslibrary.googleapis.com'],
    ['https://photoslibrary.googleapis.com/v1/', 'https://photoslibrary.googleapis.com'],
    ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080'],
    ['https://proxy.example.com/photos/v1', 'https://proxy.example.com/photos'],
    ['https://proxy.example.com/photos/', 'https://proxy.example.com/photos'],
    ['https://proxy.example.com/v10', 'https://proxy.example.com/v10']
  ])('api-endpoint %s is the base URL %s (the action adds /v1)', (value, base) => {
    expect(configOf({ ...create, 'api-endpoint': value }).apiEndpoint).toBe(base)
  })

  test('token-endpoint keeps a /v1 of its own', () => {
    const url = 'https://oauth.example.com/v1'
    expect(configOf({ ...create, 'token-endpoint': url }).tokenEndpoint).toBe(url)
  })

  test('client-id, client-secret and refresh-token make refresh-token credentials', () => {
    const config = configOf({
      files: 'a.png',
      'client-id': 'cid.apps.googleusercontent.com',
      'client-secret': 'cs',
      'refresh-token': '1//rt'
    })
    expect(config.credentials).toEqual({
      kind: 'refresh-token',
      clientId: 'cid.apps.googleusercontent.com',
      clientSecret: 'cs',
      refreshToken: '1//rt'
    })
  })

  test.each([
    ['True', true],
    ['TRUE', true],
    ['true', true],
    ['False', false],
    ['FALSE', false],
    ['false', false]
  ])('booleans take the YAML core schema: %s', (text, value) => {
    const config = configOf({
      ...album,
      'skip-existing': text,
      'fail-on-error': text,
      'dry-run': text,
      summary: text
    })
    expect([config.skipExisting, config.failOnError, config.dryRun, config.summary]).toEqual([
      value,
      value,
      value,
      value
    ])
  })

  test.each(['1', '32', ' 12 '])('concurrency %s', (text) => {
    expect(configOf({ ...create, concurrency: text }).concurrency).toBe(Number(text))
  })

  test.each([
    ['https://proxy.example.com/photos///', 'https://proxy.example.com/photos'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://127.4.5.6', 'http://127.4.5.6'],
    ['http://[::1]:9000/', 'http://[::1]:9000'],
    ['http://localhost:3000', 'http://localhost:3000']
  ])('endpoint %s → %s', (text, expected) => {
    const config = configOf({ ...create, 'api-endpoint': text, 'token-endpoint': text })
    expect(config.apiEndpoint).toBe(expected)
    expect(config.tokenEndpoint).toBe(expected)
  })

  test.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['[::1]', true],
    ['127.example.com', false],
    ['[::2]', false],
    ['128.0.0.1', false]
  ])('loopback host %s: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback)
  })

  test('paths resolve against GITHUB_WORKSPACE; absolute paths may lie anywhere the runner can read', () => {
    fs.writeFileSync(path.join(temp, 'tokens.json'), '[]')
    const config = configOf({
      ...token,
      'tokens-file': 'lists/tokens.txt',
      'results-file': 'out/report.json'
    })
    expect(config.tokensFile).toBe(path.join(workspace, 'lists', 'tokens.txt'))
    expect(config.resultsFile).toBe(path.join(workspace, 'out', 'report.json'))
    expect(config.filePatterns).toEqual([])
    // Outside the workspace and RUNNER_TEMP: a file an earlier step wrote under /tmp.
    const outside = configOf({ ...token, 'tokens-file': path.join(base, 'outside.txt') })
    expect(outside.tokensFile).toBe(path.join(base, 'outside.txt'))
    expect(configOf({ ...token, 'tokens-file': '../outside.txt' }).tokensFile).toBe(
      path.join(base, 'outside.txt')
    )
    fs.symlinkSync(path.join(base, 'outside.txt'), path.join(workspace, 'link.txt'))
    expect(configOf({ ...token, 'tokens-file': 'link.txt' }).tokensFile).toBe(
      path.join(workspace, 'link.txt')
    )
  })

  test('media-item-ids-file outside the workspace is read', () => {
    const ids = configOf({ ...token, mode: 'get', 'media-item-ids-file': '../outside.txt' })
    expect(ids.mediaItemIdsFile).toBe(path.join(base, 'outside.txt'))
  })

  test('a results-file whose directory does not exist yet gets it created', () => {
    const target = path.join(base, 'new', 'deeper', 'report.json')
    expect(configOf({ ...create, 'results-file': target }).resultsFile).toBe(target)
    expect(fs.statSync(path.dirname(target)).isDirectory()).toBe(true)
  })

  test('without GITHUB_WORKSPACE, paths resolve against the working directory', () => {
    delete process.env.GITHUB_WORKSPACE
    const cwd = process.cwd()
    process.chdir(workspace)
    try {
      const config = configOf({ ...token, 'tokens-file': 'lists/tokens.txt' })
      expect(config.tokensFile).toBe(path.join(fs.realpathSync(workspace), 'lists', 'tokens.txt'))
    } finally {
      process.chdir(cwd)
    }
  })

  test('the names in Inputs are exactly the inputs of action.yml', () => {
    expect(Object.values(Inputs).sort()).toEqual(Object.keys(action.inputs).sort())
  })
})

describe('secrets are masked as soon as they are read', () => {
  const masks = (stdout: string) =>
    stdout
      .split(/\r?\n/)
      .filter((line) => line.startsWith('::add-mask::'))
      .map((line) => line.slice('::add-mask::'.length))

  test('access-token', () => {
    const { stdout, config } = read(create)
    expect(config).toBeDefined()
    expect(masks(stdout)).toEqual(['ya29.test-access-token'])
  })

  test('client-secret and refresh-token, not the client id', () => {
    const { stdout } = read({
      files: 'a.png',
      'client-id': 'cid',
      'client-secret': 'the-client-secret',
      'refresh-token': '1//the-refresh-token'
    })
    expect(masks(stdout)).toEqual(['the-client-secret', '1//the-refresh-token'])
  })

  test('even when validation then fails', () => {
    const { stdout, error } = read({
      mode: 'nonsense',
      'access-token': 'at-secret',
      'client-secret': 'cs-secret',
      'refresh-token': 'rt-secret'
    })
    expect(error).toBeInstanceOf(InputError)
    expect(masks(stdout)).toEqual(['at-secret', 'cs-secret', 'rt-secret'])
  })

  test('a secret that spans lines is masked whole and line by line', () => {
    const { stdout } = read({ ...create, 'access-token': 'part-one\npart-two' })
    expect(masks(stdout)).toEqual(['part-one%0Apart-two', 'part-one', 'part-two'])
  })

  test('no error message shows a secret', () => {
    const secrets = { 'access-token': 'at-secret', 'client-secret': 'cs-secret' }
    const { error } = read({ files: 'a.png', ...secrets })
    expect(error).toBeInstanceOf(InputError)
    for (const value of Object.values(secrets)) {
      expect((error as Error).message).not.toContain(value)
    }
  })
})
