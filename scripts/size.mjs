// Prints the gzip size of each built entry (popup, options, background, content scripts) for both
// targets: the entry file plus every file it loads statically, each gzipped on its own.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

function staticDependencies(root, file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(root, file), 'utf8');
  const references = file.endsWith('.html')
    ? [...text.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map((m) => m[1])
    : file.endsWith('.js')
      ? [...text.matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1])
      : [];
  for (const reference of references) {
    const resolved = reference.startsWith('/') ? reference.slice(1) : normalize(join(dirname(file), reference));
    if (existsSync(join(root, resolved))) staticDependencies(root, resolved, seen);
  }
  return seen;
}

function entries(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const background = manifest.background.service_worker ?? manifest.background.scripts[0];
  const contentScripts = readdirSync(join(root, 'src/content')).filter((f) => f.endsWith('.js'));
  return [
    ['popup', manifest.action.default_popup],
    ['options', manifest.options_ui.page],
    ['background', background],
    ...contentScripts.map((file) => [`content: ${file.replace(/\.js$/, '')}`, `src/content/${file}`]),
  ];
}

const rows = [];
for (const target of ['chrome', 'firefox']) {
  const root = `dist/${target}`;
  if (!existsSync(join(root, 'manifest.json'))) throw new Error(`${root} is missing: run npm run build first.`);
  for (const [name, entry] of entries(root)) {
    const files = [...staticDependencies(root, entry)];
    const raw = files.reduce((sum, file) => sum + readFileSync(join(root, file)).length, 0);
    const gzip = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(root, file)), { level: 9 }).length, 0);
    rows.push({ target, entry: name, files: files.length, raw, gzip });
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(
  ['target'.padEnd(8), 'entry'.padEnd(24), 'files'.padStart(5), 'raw'.padStart(11), 'gzip'.padStart(11)].join(' '),
);
for (const row of rows) {
  console.log(
    [
      row.target.padEnd(8),
      row.entry.padEnd(24),
      String(row.files).padStart(5),
      kb(row.raw).padStart(11),
      kb(row.gzip).padStart(11),
    ].join(' '),
  );
}
console.log(JSON.stringify({ sizes: rows }));
