/** What Google reads from the bytes themselves: the type, and a photo's pixel size. */

const DEFAULT_SIZE = { width: 640, height: 480 }

/** The type of well-known image and video bytes, or undefined. */
export function sniffMimeType(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png'
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif'
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF') {
    const kind = bytes.subarray(8, 12).toString('latin1')
    if (kind === 'WEBP') return 'image/webp'
    if (kind === 'AVI ') return 'video/x-msvideo'
  }
  if (bytes.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brand = bytes.subarray(8, 12).toString('latin1')
    if (brand.startsWith('qt')) return 'video/quicktime'
    if (brand.startsWith('heic') || brand.startsWith('mif1')) return 'image/heic'
    return 'video/mp4'
  }
  return undefined
}

/** Width and height of a PNG, GIF or JPEG; a fixed size for anything else. */
export function imageSize(bytes: Buffer): { width: number; height: number } {
  try {
    switch (sniffMimeType(bytes)) {
      case 'image/png':
        return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
      case 'image/gif':
        return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) }
      case 'image/jpeg':
        return jpegSize(bytes) ?? DEFAULT_SIZE
    }
  } catch {
    // Truncated header: fall through to the default.
  }
  return DEFAULT_SIZE
}

function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let i = 2
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined
    const marker = bytes[i + 1] ?? 0
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) }
    }
    i += 2 + bytes.readUInt16BE(i + 2)
  }
  return undefined
}
