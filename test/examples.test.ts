/**
 * The workflows in examples/ cannot rot: every `with:` key of a step that uses this action
 * is an input of action.yml, every `steps.<id>.outputs.<name>` names a step of its job and,
 * for this action's steps, an output of action.yml. action.yml is read at test time.
 */
import { describe, expect, test } from '@jest/globals'
import { load } from 'js-yaml'
import fs from 'node:fs'
import path from 'node:path'
import { ROOT } from './helpers/action.js'

/** How the examples and the README name this action, everywhere the same. */
const USES = 'OWNER/REPO@v1'
const REPOSITORY = USES.slice(0, USES.indexOf('@'))

interface ActionSpec {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}

interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
  [key: string]: unknown
}

interface Job {
  steps?: Step[]
  outputs?: Record<string, string>
  [key: string]: unknown
}

interface Workflow {
  jobs?: Record<string, Job>
}

function readAction(): ActionSpec {
  return load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionSpec
}

/** Every string anywhere in a value (keys excluded), for the expressions in it. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings)
  return []
}

/** What is wrong with a workflow's use of this action; empty when nothing is. */
export function problemsOf(workflow: Workflow, action: ActionSpec): string[] {
  const inputs = new Set(Object.keys(action.inputs))
  const outputs = new Set(Object.keys(action.outputs))
  const problems: string[] = []
  const jobs = Object.entries(workflow.jobs ?? {})
  if (jobs.length === 0) problems.push('no jobs')
  let usesAction = false

  for (const [jobName, job] of jobs) {
    const steps = job.steps ?? []
    const ours = new Set<string>()
    const ids = new Set<string>()
    steps.forEach((step, i) => {
      const where = `jobs.${jobName}.steps[${i}]`
      if (step.id) ids.add(step.id)
      if (!step.uses?.startsWith(`${REPOSITORY}@`)) return
      usesAction = true
      if (step.uses !== USES) problems.push(`${where}: uses ${step.uses}, not ${USES}`)
      if (step.id) ours.add(step.id)
      for (const key of Object.keys(step.with ?? {})) {
        if (!inputs.has(key)) problems.push(`${where}: input \`${key}\` is not in action.yml`)
      }
    })

    // Step outputs may be read by later steps and by the job's outputs.
    for (const text of strings({ steps, outputs: job.outputs })) {
      for (const m of text.matchAll(/\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g)) {
        const [expression, id = '', name = ''] = m
        if (!ids.has(id)) problems.push(`jobs.${jobName}: ${expression}: no step has id \`${id}\``)
        else if (ours.has(id) && !outputs.has(name)) {
          problems.push(`jobs.${jobName}: ${expression}: output \`${name}\` is not in action.yml`)
        }
      }
    }
  }
  if (!usesAction) problems.push(`no step uses ${USES}`)
  return problems
}

const EXAMPLES_DIR = path.join(ROOT, 'examples')
const examples = fs
  .readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort()

describe('examples/', () => {
  test('holds the four workflows', () => {
    expect(examples).toEqual([
      'check-items.yml',
      'release-photos.yml',
      'scheduled-backfill.yml',
      'upload-tokens.yml'
    ])
  })

  test.each(examples)('%s uses only inputs and outputs that action.yml has', (file) => {
    const workflow = load(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Workflow
    expect(problemsOf(workflow, readAction())).toEqual([])
  })

  test('what the examples show: verify, the release assets, fromJSON, get mode, skip-existing and the report kept', () => {
    const text = (file: string) => fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')
    const release = load(text('release-photos.yml')) as Workflow
    const photos = release.jobs?.photos?.steps?.find((s) => s.uses === USES)
    expect(photos?.with).toMatchObject({
      'release-assets': true,
      position: 'first-in-album',
      verify: true
    })
    expect(String(photos?.with?.['album-title'])).toContain('release.tag_name')
    expect(text('upload-tokens.yml')).toContain('fromJSON(steps.photos.outputs.media-item-ids)')
    expect(text('check-items.yml')).toMatch(/mode: get/)
    expect(text('scheduled-backfill.yml')).toMatch(/skip-existing: true/)
    // The report is kept also when the step failed, from where the step was told to write it.
    for (const file of ['release-photos.yml', 'scheduled-backfill.yml']) {
      const steps = Object.values((load(text(file)) as Workflow).jobs ?? {}).flatMap(
        (j) => j.steps ?? []
      )
      const ours = steps.find((s) => s.uses === USES)
      const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))
      expect(upload).toMatchObject({ if: 'always()' })
      expect(ours?.with?.['results-file']).toMatch(/^\$\{\{ runner\.temp \}\}\//)
      expect(upload?.with?.path).toBe(ours?.with?.['results-file'])
    }
  })

  test('the README links every example and names the action as the examples do', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    for (const file of examples) expect(readme).toContain(`(examples/${file})`)
    // In the README's workflow snippets; its text also shows how to pin a tag or a SHA.
    const snippets = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')
    const uses = snippets.flatMap((text) =>
      [...text.matchAll(/uses: (\S+)/g)].map((m) => m[1] ?? '')
    )
    const ours = uses.filter((u) => u.startsWith(`${REPOSITORY}@`))
    expect(ours.length).toBeGreaterThan(0)
    expect(new Set(ours)).toEqual(new Set([USES]))
  })
})

describe('the check itself', () => {
  /** This action's step with these inputs, then a step with these fields. */
  const workflow = (inputs: Record<string, string>, next: Partial<Step> = {}): Workflow => ({
    jobs: {
      photos: {
        steps: [
          { uses: USES, id: 'photos', with: { files: '*.png', ...inputs } },
          { run: 'echo done', ...next }
        ]
      }
    }
  })

  test('a workflow that uses action.yml as it is passes', () => {
    const ok = workflow(
      { verify: 'true' },
      { env: { IDS: '${{ steps.photos.outputs.media-item-ids }}' } }
    )
    expect(problemsOf(ok, readAction())).toEqual([])
  })

  test('an input that action.yml lacks fails, naming it', () => {
    const bad = workflow({ 'upload-everything': 'true' })
    expect(problemsOf(bad, readAction())).toEqual([
      'jobs.photos.steps[0]: input `upload-everything` is not in action.yml'
    ])
  })

  test('an output that action.yml lacks, or a step id that does not exist, fails', () => {
    const bad = workflow(
      {},
      { if: "steps.photos.outputs.item-count > 0 && steps.upload.outputs.token != ''" }
    )
    expect(problemsOf(bad, readAction())).toEqual([
      'jobs.photos: steps.photos.outputs.item-count: output `item-count` is not in action.yml',
      'jobs.photos: steps.upload.outputs.token: no step has id `upload`'
    ])
  })

  test('the action named another way fails', () => {
    const other: Workflow = { jobs: { a: { steps: [{ uses: `${REPOSITORY}@main` }] } } }
    expect(problemsOf(other, readAction())).toEqual([
      `jobs.a.steps[0]: uses ${REPOSITORY}@main, not ${USES}`
    ])
  })
})
