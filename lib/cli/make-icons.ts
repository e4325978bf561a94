/**
 * `npx tsx lib/cli/make-icons.ts`: draws the toolbar icon (a radar sweep) at
 * every size the manifest wants, as PNGs in assets/public/icon/. Run once
 * after changing the drawing; the PNGs are committed.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 96, 128];

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Colour of the icon at a point of the unit square (x, y in 0..1), as [r, g, b, a]. */
function shade(x: number, y: number): [number, number, number, number] {
  const dx = x - 0.5;
  const dy = y - 0.5;
  const r = Math.hypot(dx, dy);
  if (r > 0.48) return [0, 0, 0, 0];
  const angle = Math.atan2(dy, dx);
  const sweep = angle > -Math.PI / 2 && angle < -Math.PI / 2 + 1.1 ? 1 - (angle + Math.PI / 2) / 1.1 : 0;
  const ring = [0.16, 0.32].some((k) => Math.abs(r - k) < 0.025) || r > 0.445;
  const blip = Math.hypot(x - 0.66, y - 0.3) < 0.07;
  if (blip) return [255, 196, 61, 255];
  if (ring) return [120, 220, 200, 255];
  const base: [number, number, number] = [22, 48, 88];
  const glow: [number, number, number] = [40, 170, 150];
  const t = sweep * 0.9;
  return [base[0] + (glow[0] - base[0]) * t, base[1] + (glow[1] - base[1]) * t, base[2] + (glow[2] - base[2]) * t, 255];
}

for (const size of SIZES) {
  const rgba = new Uint8Array(size * size * 4);
  const ss = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc: [number, number, number, number] = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shade((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size);
          acc[0] += c[0] * c[3];
          acc[1] += c[1] * c[3];
          acc[2] += c[2] * c[3];
          acc[3] += c[3];
        }
      }
      const a = acc[3] / (ss * ss);
      const o = (y * size + x) * 4;
      rgba[o] = a ? acc[0] / acc[3] : 0;
      rgba[o + 1] = a ? acc[1] / acc[3] : 0;
      rgba[o + 2] = a ? acc[2] / acc[3] : 0;
      rgba[o + 3] = a;
    }
  }
  writeFileSync(new URL(`../../assets/public/icon/${size}.png`, import.meta.url), png(size, rgba));
}
