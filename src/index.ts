/**
 * The entry point. V8's code cache for the bundle is kept in the system's temporary
 * directory, so that a later run on the same machine (a second step, a self-hosted
 * runner) skips compiling it; the rest of the action is a chunk of its own, imported only
 * once the cache is on. Without a cache (a first run) it costs nothing measurable.
 */
import module from 'node:module'

module.enableCompileCache()
await import('./action.js')
