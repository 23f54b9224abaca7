/** The emulator in its own process for the benchmark, so that its memory is not counted. */
import { PhotosEmulator } from '../test/emulator/index.js'

const latencyMs = Number(process.argv[2] ?? 0)
const emu = await PhotosEmulator.start()
if (latencyMs > 0) {
  emu.inject({
    op: ['upload', 'upload.start', 'upload.chunk', 'upload.query', 'batchCreate', 'albums.get'],
    probability: 1,
    fault: { type: 'latency', ms: latencyMs }
  })
}
const album = emu.addAlbum({ title: 'Bench' })
process.stdout.write(JSON.stringify({ baseUrl: emu.baseUrl, albumId: album.id }) + '\n')
process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)))
