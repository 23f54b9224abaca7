/** Where the action may read and write: the workspace and the runner's temp directory. */
import fs from 'node:fs'
import path from 'node:path'

export function workspaceDir(): string {
  return process.env.GITHUB_WORKSPACE || process.cwd()
}

export function allowedRoots(): string[] {
  return [workspaceDir(), process.env.RUNNER_TEMP].filter((d): d is string => Boolean(d))
}

export function isUnder(file: string, root: string): boolean {
  const rel = path.relative(root, file)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/** The real path (links resolved), or the path itself when it does not exist yet. */
export function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p)
  } catch {
    return p
  }
}
