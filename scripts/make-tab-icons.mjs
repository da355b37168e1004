#!/usr/bin/env node
/**
 * Draws the tab bar's icons (81×81 PNG, grey and selected red) from simple shapes, so no image
 * editor or download is needed: `node scripts/make-tab-icons.mjs` writes miniapp/src/assets/tab/*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SIZE = 81;
const SS = 4; // supersampling per axis
const OUT = path.join(import.meta.dirname, '..', 'miniapp', 'src', 'assets', 'tab');
const COLORS = { normal: [0x55, 0x55, 0x55], active: [0xc8, 0x10, 0x2e] };

// Shapes in a 0..100 box; each returns true when the point is ink.
const dist = (ax, ay, bx, by, px, py) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
};
const line = (ax, ay, bx, by, w) => (x, y) => dist(ax, ay, bx, by, x, y) <= w / 2;
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const box = (x0, y0, x1, y1, w) => (x, y) =>
  x >= x0 - w / 2 &&
  x <= x1 + w / 2 &&
  y >= y0 - w / 2 &&
  y <= y1 + w / 2 &&
  !(x > x0 + w / 2 && x < x1 - w / 2 && y > y0 + w / 2 && y < y1 - w / 2);
const fill = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const arcTop = (cx, cy, r, w) => (x, y) => y <= cy && Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
const any =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y));

const W = 7;
const ICONS = {
  // 活动: a calendar page
  activities: any(
    box(16, 22, 84, 86, W),
    fill(16, 22, 84, 38),
    line(34, 12, 34, 28, W),
    line(66, 12, 66, 28, W),
    disc(35, 55, 5),
    disc(50, 55, 5),
    disc(65, 55, 5),
    disc(35, 71, 5),
    disc(50, 71, 5),
  ),
  // 签到: a tick in a circle
  checkin: any(ring(50, 50, 36, W), line(32, 51, 45, 64, W + 1), line(45, 64, 69, 38, W + 1)),
  // 我的: a person
  me: any(ring(50, 34, 17, W), arcTop(50, 90, 34, W), line(16, 90, 84, 90, W)),
  // 商家: a shop with an awning
  merchants: any(
    line(14, 36, 24, 14, W),
    line(86, 36, 76, 14, W),
    line(24, 14, 76, 14, W),
    fill(12, 32, 88, 42),
    box(20, 42, 80, 86, W),
    box(42, 62, 58, 86, W),
  ),
};

function crcTable() {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}
const CRC = crcTable();
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(shape, [r, g, b]) {
  const rows = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4);
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) {
          const px = ((x + (sx + 0.5) / SS) / SIZE) * 100;
          const py = ((y + (sy + 0.5) / SS) / SIZE) * 100;
          if (shape(px, py)) hits++;
        }
      row.set([r, g, b, Math.round((hits / (SS * SS)) * 255)], 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(ICONS)) {
  for (const [state, color] of Object.entries(COLORS)) {
    const file = path.join(OUT, `${name}${state === 'active' ? '-active' : ''}.png`);
    fs.writeFileSync(file, png(shape, color));
  }
}
console.log(`tab icons written to ${path.relative(process.cwd(), OUT)}`);
