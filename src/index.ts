/**
 * The entry point: the action itself is a chunk of its own, imported before V8's flags
 * are set (see below).
 *
 * No V8 code cache is kept (`module.enableCompileCache()`): making one cost a first run
 * 7-13 ms before its first request, and a GitHub-hosted runner starts every job on a
 * fresh machine, so that is every job's first run; a run that found the cache of a run
 * before gained 4-15 ms (16 and 12 interleaved pairs each, a 300-file glob and 1,000
 * upload tokens).
 *
 * The young generation's size is set for runs of many items once their number is known
 * (`heap.ts`). `--optimize-for-size` was set here too, and is not: it made V8 mark and
 * compact the old generation at about 10 MB, 0.7-0.9 s into every 300-file run, 5-10 ms
 * of pause and as much again in marking steps while uploads waited for their turn;
 * without it, 20 alternated rounds: upload span -13 ms, wall -9 ms at the paired median;
 * 10,000 tokens, 6 alternated rounds: peak RSS 109 -> 112 MB, CPU 2.1 -> 1.9 s. The
 * runner starts this file without Node flags, so flags are set from the code.
 *
 * undici parses HTTP with llhttp compiled to WebAssembly. After a few dozen answers V8
 * recompiles it with its optimizing compiler, which for a moment takes about 20 MB (peak
 * RSS 98 MB for a 1 GiB video, 77 MB without). The baseline code parses the answers of
 * this API (short JSON and upload tokens) about as fast, so the tier-up is put off past
 * any run's length (llhttp is compiled at the first connection, after the flags are set).
 *
 * The flags are set only once the action's modules are loaded, with those that only some
 * runs need when this run's inputs ask for them (`preload`): Node's built-in modules (http,
 * crypto, http2, …) come with code compiled for V8's default flags, and any flag changed
 * before they load makes V8 refuse that code and compile them from source, which took
 * about 40 ms of a cold start.
 */
import v8 from 'node:v8'

const { preload, start } = await import('./action.js')
await preload()
v8.setFlagsFromString('--wasm-tiering-budget=1000000000')
await start()
