// Zips both builds for the stores: dist/packages/discourse-companion-<version>-<browser>.zip.
// `web-ext build` only zips a folder (it adds nothing browser-specific), so it serves Chrome too.
// The Chrome Web Store rejects a manifest with `key` (it assigns the id itself): the Chrome zip is
// made from a copy without it. Development and e2e builds keep the key, so their id stays fixed.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
for (const target of ['chrome', 'firefox']) {
  if (!existsSync(`dist/${target}/manifest.json`))
    throw new Error(`dist/${target} is missing: run npm run build first.`);
  let source = `dist/${target}`;
  if (target === 'chrome') {
    source = 'dist/store-chrome';
    rmSync(source, { recursive: true, force: true });
    cpSync(`dist/${target}`, source, { recursive: true });
    const { key: _key, ...manifest } = JSON.parse(readFileSync(`${source}/manifest.json`, 'utf8'));
    writeFileSync(`${source}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    if ('key' in JSON.parse(readFileSync(`${source}/manifest.json`, 'utf8')))
      throw new Error('the Chrome store manifest still has a key');
  }
  const filename = `discourse-companion-${version}-${target}.zip`;
  execFileSync(
    'npx',
    [
      'web-ext',
      'build',
      '--source-dir',
      source,
      '--artifacts-dir',
      'dist/packages',
      '--filename',
      filename,
      '--overwrite-dest',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  console.log(`dist/packages/${filename}${target === 'chrome' ? ' (manifest without key)' : ''}`);
}
