/**
 * Runs the emulator with the default config until SIGINT or SIGTERM, for local runs of the
 * action: `npx tsx test/emulator/cli.ts [--port N]`. Prints one JSON line with the endpoints
 * and the default credentials.
 */
import { PhotosEmulator } from './index.js'

function portArg(argv: string[]): number {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='))
  if (i < 0) return 0
  const arg = argv[i] ?? ''
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1]
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port needs a port number (0 to 65535), got ${value ?? 'nothing'}\n`)
    process.exit(2)
  }
  return port
}

const emu = await PhotosEmulator.start({ port: portArg(process.argv.slice(2)) })
process.stdout.write(
  JSON.stringify({
    baseUrl: emu.baseUrl,
    tokenEndpoint: emu.tokenEndpoint,
    authorizationEndpoint: emu.authorizationEndpoint,
    accessToken: 'test-access-token',
    clientId: 'test-client-id',
    clientSecret: 'test-client-secret',
    refreshToken: 'test-refresh-token'
  }) + '\n'
)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void emu.close().then(() => process.exit(0)))
}
