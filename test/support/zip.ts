// A minimal ZIP writer for tests that need archives a real writer would never produce (sizes that
// lie, deflate streams that expand a thousandfold) or one shaped like a release download (a Unix
// executable inside).
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** The bytes stored in the archive (already deflated when method is 8). */
  data: Buffer;
  method: 0 | 8;
  /** What the central directory claims the part unpacks to. */
  declaredSize: number;
  crc?: number;
  /** Unix permission bits (e.g. 0o755 for an executable); absent: none recorded. */
  mode?: number;
}

/** A part stored honestly: deflated, with its true size and CRC. */
export function honestPart(name: string, content: string | Buffer): ZipPart {
  const raw = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { name, data: deflateRawSync(raw), method: 8, declaredSize: raw.length, crc: crc32(raw) };
}

/**
 * A deflate stream that inflates to `megabytes` MiB of zeros, about 1 KB per MiB: one sync-flushed
 * block of a MiB of zeros repeated (each is byte-aligned and self-contained), then a final empty block.
 */
export function zeroBomb(megabytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const final = deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array.from({ length: megabytes }, () => block), final]);
}

export function buildZip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.method, 8);
    local.writeUInt32LE(part.crc ?? 0, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    // "Made by" Unix when a mode is recorded, so extractors restore it.
    central.writeUInt16LE(part.mode === undefined ? 20 : (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(part.method, 10);
    central.writeUInt32LE(part.crc ?? 0, 16);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(part.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    if (part.mode !== undefined) central.writeUInt32LE(((0o100000 | part.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    centrals.push(central, name);
    offset += local.length + name.length + part.data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
