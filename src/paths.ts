/** Paths of inputs: relative ones start at the workspace; absolute ones may be anywhere. */
import fs from 'node:fs'
import path from 'node:path'

export function workspaceDir(): string {
  return process.env.GITHUB_WORKSPACE || process.cwd()
}

/** An input path, resolved against the workspace when relative. */
export function resolveInputPath(text: string): string {
  return path.resolve(workspaceDir(), text)
}

/** How the report names a path: relative to the workspace when under it, else absolute. */
export function displayPath(file: string): string {
  const rel = path.relative(workspaceDir(), file)
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel
}

/** The real path (links resolved), or the path itself when it does not exist yet. */
export function realOrSelf(p: string): string {
  try {
    return fs.realpathSync.native(p)
  } catch {
    return p
  }
}
