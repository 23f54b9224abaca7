/**
 * The README's usage tables, generated from action.yml so that they cannot drift.
 * `npm run docs` rewrites README.md; test/docs.test.ts fails when it was not run.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { load } from 'js-yaml'

interface ActionYml {
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>
  outputs?: Record<string, { description?: string }>
}

/** One line, and a `|` that does not end the cell (GFM honours `\|` in code spans too). */
function cell(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
}

function replaceBetween(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const i = text.indexOf(start)
  const j = text.indexOf(end)
  if (i < 0 || j < i) throw new Error(`README.md lacks the ${start} … ${end} markers`)
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`
}

/** The README with its inputs and outputs tables rebuilt from action.yml; nothing else changes. */
export function renderUsage(actionYml: string, readme: string): string {
  const action = load(actionYml) as ActionYml
  const inputs = Object.entries(action.inputs ?? {}).map(([name, spec]) => {
    const def = spec.default === undefined ? '' : `\`${cell(String(spec.default))}\``
    return `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${def} | ${cell(spec.description)} |`
  })
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`
  )
  const inputTable = [
    '| input | required | default | description |',
    '| --- | --- | --- | --- |',
    ...inputs
  ]
  const outputTable = ['| output | description |', '| --- | --- |', ...outputs]
  const text = replaceBetween(readme, 'inputs', inputTable.join('\n'))
  return replaceBetween(text, 'outputs', outputTable.join('\n'))
}

function main(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const readmePath = path.join(root, 'README.md')
  const before = fs.readFileSync(readmePath, 'utf8')
  const after = renderUsage(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'), before)
  if (after === before) {
    console.log('README.md usage tables already match action.yml')
    return
  }
  fs.writeFileSync(readmePath, after)
  console.log('README.md usage tables updated from action.yml')
}

// Run only as `tsx scripts/docs.ts`; the test imports renderUsage without side effects.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
