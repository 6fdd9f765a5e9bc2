// Draws Concilia's application icon (a ledger sheet with a check mark on a teal tile) and writes
// it as resources/icon.png. electron-builder derives the .icns and .ico from that one PNG.
// Drawn from signed distance fields so the edges are anti-aliased without a graphics library,
// and deterministic, so re-running the script reproduces the committed file byte for byte.
//
//   node scripts/make-icon.ts [output.png] [size]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

// Coordinates below are in a 1024-unit design space, scaled to the requested size.
const DESIGN = 1024;

function smoothCoverage(distance: number, pixel: number): number {
  // Distance is negative inside the shape; one pixel of ramp gives clean anti-aliasing.
  const t = 0.5 - distance / pixel;
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

function roundedBox(x: number, y: number, cx: number, cy: number, halfW: number, halfH: number, radius: number): number {
  const qx = Math.abs(x - cx) - halfW + radius;
  const qy = Math.abs(y - cy) - halfH + radius;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number, halfWidth: number): number {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const h = Math.min(Math.max((px * dx + py * dy) / (dx * dx + dy * dy), 0), 1);
  return Math.hypot(px - dx * h, py - dy * h) - halfWidth;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

const TILE_TOP: Rgb = [20, 94, 108];
const TILE_BOTTOM: Rgb = [11, 58, 72];
const PAPER: Rgb = [250, 251, 248];
const RULE: Rgb = [200, 214, 220];
const MARGIN: Rgb = [222, 120, 104];
const CHECK: Rgb = [34, 176, 112];
const CHECK_RIM: Rgb = [11, 58, 72];

// The check mark: a short stroke down to the vertex, a long stroke up to the right.
const CHECK_A = [420, 640] as const;
const CHECK_B = [520, 740] as const;
const CHECK_C = [770, 440] as const;

/** Renders the icon as straight (non-premultiplied) RGBA, row-major, `size` × `size`. */
export function renderIcon(size: number): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const scale = DESIGN / size;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const x = (col + 0.5) * scale;
      const y = (row + 0.5) * scale;
      let color: Rgb = [0, 0, 0];
      let alpha = 0;
      const over = (layer: Rgb, coverage: number): void => {
        if (coverage <= 0) return;
        const outAlpha = coverage + alpha * (1 - coverage);
        color = mix(color, layer, alpha === 0 ? 1 : coverage / outAlpha);
        alpha = outAlpha;
      };

      // Tile: macOS-style inset rounded square with a soft vertical gradient.
      over(mix(TILE_TOP, TILE_BOTTOM, y / DESIGN), smoothCoverage(roundedBox(x, y, 512, 512, 412, 412, 184), scale));

      // Ledger sheet, slightly left of centre so the check mark can overhang it.
      const sheet = roundedBox(x, y, 470, 500, 218, 282, 36);
      over(PAPER, smoothCoverage(sheet, scale));
      if (sheet < 0) {
        for (let line = 0; line < 7; line++) {
          const ruleY = 318 + line * 62;
          over(RULE, smoothCoverage(segment(x, y, 300, ruleY, 640, ruleY, 7), scale));
        }
        over(MARGIN, smoothCoverage(segment(x, y, 338, 250, 338, 750, 5), scale));
      }

      // Check mark with a rim in the tile colour, so it reads on both paper and tile.
      const check = Math.min(
        segment(x, y, CHECK_A[0], CHECK_A[1], CHECK_B[0], CHECK_B[1], 0),
        segment(x, y, CHECK_B[0], CHECK_B[1], CHECK_C[0], CHECK_C[1], 0),
      );
      over(CHECK_RIM, smoothCoverage(check - 62, scale));
      over(CHECK, smoothCoverage(check - 44, scale));

      const offset = (row * size + col) * 4;
      rgba[offset] = Math.round(color[0]);
      rgba[offset + 1] = Math.round(color[1]);
      rgba[offset + 2] = Math.round(color[2]);
      rgba[offset + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes straight RGBA pixels as an 8-bit RGBA PNG (each row with the Sub filter). */
export function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let row = 0; row < height; row++) {
    const out = row * (stride + 1);
    raw[out] = 1; // Sub: flat areas become runs of zeros, which deflate compresses well
    for (let i = 0; i < stride; i++) {
      const current = rgba[row * stride + i] ?? 0;
      const left = i >= 4 ? (rgba[row * stride + i - 4] ?? 0) : 0;
      raw[out + 1 + i] = (current - left) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export function makeIcon(size: number): Buffer {
  return encodePng(renderIcon(size), size, size);
}

if (import.meta.main) {
  const output = resolve(process.argv[2] ?? 'resources/icon.png');
  const size = Number(process.argv[3] ?? DESIGN);
  if (!Number.isInteger(size) || size < 16 || size > 4096) {
    process.stderr.write('The icon size must be a whole number of pixels between 16 and 4096.\n');
    process.exit(2);
  }
  writeFileSync(output, makeIcon(size));
  process.stdout.write(`Wrote ${output} (${size}×${size}).\n`);
}
