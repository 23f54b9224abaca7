/** The README's usage tables, generated from action.yml so that they cannot drift. */
import { load } from 'js-yaml'

interface ActionYml {
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>
  outputs?: Record<string, { description?: string }>
}

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

export function renderUsage(actionYml: string, readme: string): string {
  const action = load(actionYml) as ActionYml
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default !== undefined ? `\`${cell(String(spec.default))}\`` : ''} | ${cell(spec.description)} |`
  )
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`
  )
  let text = replaceBetween(
    readme,
    'inputs',
    ['| input | required | default | description |', '| --- | --- | --- | --- |', ...inputs].join(
      '\n'
    )
  )
  text = replaceBetween(
    text,
    'outputs',
    ['| output | description |', '| --- | --- |', ...outputs].join('\n')
  )
  return text
}
