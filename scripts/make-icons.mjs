// Draws the toolbar/store icons (a speech bubble on a rounded square) as PNGs, so the icons are
// reproducible from source. Run once after changing the drawing: `node scripts/make-icons.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x, y), 1 + x * 4);
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

// Shapes in a unit square; each returns whether (u, v) is inside.
const roundedSquare = (u, v) => {
  const r = 0.22,
    dx = Math.max(Math.abs(u - 0.5) - (0.5 - r), 0),
    dy = Math.max(Math.abs(v - 0.5) - (0.5 - r), 0);
  return dx * dx + dy * dy <= r * r;
};
const bubble = (u, v) => {
  const inEllipse = ((u - 0.5) / 0.32) ** 2 + ((v - 0.46) / 0.26) ** 2 <= 1;
  const inTail = v >= 0.6 && v <= 0.82 && u >= 0.26 && u <= 0.42 && u - 0.26 <= (0.82 - v) * 0.8;
  return inEllipse || inTail;
};
const dot = (u, v) => [0.38, 0.5, 0.62].some((cx) => (u - cx) ** 2 + (v - 0.46) ** 2 <= 0.045 ** 2);

function pixel(size) {
  const samples = 4;
  return (x, y) => {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < samples; sy++)
      for (let sx = 0; sx < samples; sx++) {
        const u = (x + (sx + 0.5) / samples) / size,
          v = (y + (sy + 0.5) / samples) / size;
        if (!roundedSquare(u, v)) continue;
        const color = bubble(u, v) ? (dot(u, v) ? [9, 105, 218] : [255, 255, 255]) : [9, 105, 218];
        r += color[0];
        g += color[1];
        b += color[2];
        a += 255;
      }
    const n = samples * samples,
      covered = a / 255 || 1;
    return [r / covered, g / covered, b / covered, a / n].map(Math.round);
  };
}

for (const size of [16, 32, 48, 128]) {
  writeFileSync(new URL(`../public/icons/icon-${size}.png`, import.meta.url), png(size, pixel(size)));
}
console.log('icons written to public/icons/');
