/**
 * Media item ids as a JSON array: the action's own `media-item-ids` output, where `null`
 * stands for an item that failed or was skipped upstream.
 */
import type { InputError } from './errors.js'

/** A JSON array of ids and nulls; each id trimmed. `fail` makes the input's error. */
export function parseIdArray(
  text: string,
  displayName: string,
  fail: (message: string) => InputError
): { id: string | null; where: string }[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw fail(`${displayName} is not valid JSON (${(err as Error).message}).`)
  }
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

/** What a JSON value is, for error messages: `an object`, `a number`, … */
export function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
