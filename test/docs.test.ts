/** The README's usage section matches action.yml, and action.yml matches SPEC's names. */
import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import { renderUsage } from '../scripts/docs.js'
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

test('renderUsage: required, defaults, folded descriptions, pipes kept inside the cell', () => {
  const yml = [
    'inputs:',
    '  token:',
    '    description: >-',
    '      First line',
    '      second line; `a|b` stays one cell.',
    '    required: true',
    '  level:',
    '    description: How much.',
    "    default: '6'",
    'outputs:',
    '  ids:',
    '    description: The ids.'
  ].join('\n')
  const md = [
    '# T',
    '<!-- inputs:start -->',
    'old table',
    '<!-- inputs:end -->',
    'prose stays',
    '<!-- outputs:start -->',
    '<!-- outputs:end -->',
    ''
  ].join('\n')
  const out = renderUsage(yml, md)
  expect(out).toBe(
    [
      '# T',
      '<!-- inputs:start -->',
      '| input | required | default | description |',
      '| --- | --- | --- | --- |',
      '| `token` | yes |  | First line second line; `a\\|b` stays one cell. |',
      '| `level` | no | `6` | How much. |',
      '<!-- inputs:end -->',
      'prose stays',
      '<!-- outputs:start -->',
      '| output | description |',
      '| --- | --- |',
      '| `ids` | The ids. |',
      '<!-- outputs:end -->',
      ''
    ].join('\n')
  )
  expect(renderUsage(yml, out)).toBe(out)
  expect(() => renderUsage(yml, '# no markers\n')).toThrow(/inputs:start/)
})

test('every input and output of action.yml has a row in its README table', () => {
  const section = (name: string) =>
    readme.slice(readme.indexOf(`<!-- ${name}:start -->`), readme.indexOf(`<!-- ${name}:end -->`))
  const names = (table: string) =>
    table
      .split('\n')
      .map((line) => /^\| `([^`]+)` \|/.exec(line)?.[1])
      .filter((name) => name !== undefined)
  expect(names(section('inputs'))).toEqual(Object.keys(action.inputs))
  expect(names(section('outputs'))).toEqual(Object.keys(action.outputs))
})

test('action.yml has the interface of the contract', () => {
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
      'verify',
      'fail-on-error',
      'dry-run',
      'results-file',
      'summary',
      'api-endpoint',
      'token-endpoint',
      'release-assets',
      'release-asset-pattern',
      'release-tag',
      'github-token'
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
