/**
 * Media item ids as a JSON array (the action's own `media-item-ids` output, where `null`
 * stands for an item that failed or was skipped upstream), or from a create step's report.
 */
import type { InputError } from './errors.js'

/** A JSON array of ids and nulls; each id trimmed. `fail` makes the input's error. */
export function parseIdArray(
  text: string,
  displayName: string,
  fail: (message: string) => InputError
): { id: string | null; where: string }[] {
  const parsed = parseJson(text, displayName, fail)
  if (!Array.isArray(parsed)) {
    throw fail(`${displayName} must be a JSON array of media item ids (strings, or null).`)
  }
  return parsed.map((value: unknown, i) => {
    const where = `${displayName}[${i}]`
    if (value === null) return { id: null, where }
    if (typeof value !== 'string') {
      throw fail(`${where}: expected a media item id (a string) or null, not ${kindOf(value)}.`)
    }
    return { id: value.trim(), where }
  })
}

/**
 * A create step's JSON report (its `results-file` output): the items' media item ids in
 * input order (a skipped item's is the one already in the album), `null` for an item that
 * has none. A file is not an input's environment variable, which Linux caps at 128 KiB.
 */
export function parseIdsOfReport(
  text: string,
  displayName: string,
  fail: (message: string) => InputError
): { id: string | null; where: string }[] {
  const { items, dryRun } = parseJson(text, displayName, fail) as {
    items?: unknown
    dryRun?: unknown
  }
  if (dryRun === true) {
    throw fail(
      `${displayName} is the report of a dry run, which makes no media item: it holds no id. Give the report of a run that created the items.`
    )
  }
  if (!Array.isArray(items)) {
    throw fail(
      `${displayName} is a JSON object without \`items\`: give one id a line, a JSON array of ids, or the JSON report of a create step.`
    )
  }
  return items.map((item: unknown, i) => {
    const id = (item as { mediaItemId?: unknown } | null)?.mediaItemId
    return { id: typeof id === 'string' ? id : null, where: `${displayName}: items[${i}]` }
  })
}

/** What a JSON value is, for error messages: `an object`, `a number`, … */
export function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function parseJson(
  text: string,
  displayName: string,
  fail: (message: string) => InputError
): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw fail(`${displayName} is not valid JSON (${(err as Error).message}).`)
  }
}
