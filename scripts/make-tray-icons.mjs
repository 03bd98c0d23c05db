// Draws the tray icons (one per selling status) as PNGs into resources/. Run once after changing
// the colours: node scripts/make-tray-icons.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) pixel(x, y).forEach((v, i) => (row[1 + x * 4 + i] = v));
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Three stacked bars (the app's glyph) with a status dot in the corner.
function trayIcon(size, dot) {
  return png(size, (x, y) => {
    const u = x / size;
    const v = y / size;
    const dx = u - 0.78;
    const dy = v - 0.78;
    if (dx * dx + dy * dy < 0.04) return [...dot, 255];
    const inBar = u > 0.12 && u < 0.72 && [0.18, 0.42, 0.66].some((top) => v > top && v < top + 0.16);
    return inBar ? [40, 170, 160, 255] : [0, 0, 0, 0];
  });
}

const out = join(import.meta.dirname, '..', 'resources');
const statuses = { selling: [46, 204, 113], paused: [150, 150, 150], attention: [231, 76, 60] };
for (const [name, colour] of Object.entries(statuses)) {
  writeFileSync(join(out, `tray-${name}.png`), trayIcon(32, colour));
  writeFileSync(join(out, `tray-${name}@2x.png`), trayIcon(64, colour));
}
