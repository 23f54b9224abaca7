/** Regenerates the usage tables of README.md from action.yml: `npm run docs`. */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderUsage } from './usage.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const readmePath = path.join(root, 'README.md')
const next = renderUsage(
  fs.readFileSync(path.join(root, 'action.yml'), 'utf8'),
  fs.readFileSync(readmePath, 'utf8')
)
fs.writeFileSync(readmePath, next)
console.log('README.md usage tables updated from action.yml')
