/** The README's usage section matches action.yml, and action.yml matches SPEC's names. */
import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import { renderUsage } from '../scripts/usage.js'
import { ROOT } from './helpers/action.js'

const actionYml = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const action = load(actionYml) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
  runs: Record<string, string>
}

test('README usage tables are generated from action.yml (run `npm run docs`)', () => {
  expect(readme).toBe(renderUsage(actionYml, readme))
})

test('every input and output of action.yml is documented in the README', () => {
  for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
    expect(readme).toContain(`| \`${name}\` |`)
  }
})

test('action.yml has the interface of the contract, and no planned input yet', () => {
  expect(Object.keys(action.inputs).sort()).toEqual(
    [
      'mode',
      'files',
      'tokens-file',
      'album-id',
      'album-title',
      'position',
      'relative-item-id',
      'description',
      'media-item-ids',
      'media-item-ids-file',
      'access-token',
      'client-id',
      'client-secret',
      'refresh-token',
      'concurrency',
      'skip-existing',
      'fail-on-error',
      'dry-run',
      'results-file',
      'summary',
      'api-endpoint',
      'token-endpoint'
    ].sort()
  )
  expect(Object.keys(action.outputs).sort()).toEqual(
    [
      'media-item-ids',
      'created-count',
      'failed-count',
      'skipped-count',
      'total-count',
      'album-id',
      'album-url',
      'results-file'
    ].sort()
  )
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
})
