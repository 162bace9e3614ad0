// Zips both builds for the stores: dist/packages/discourse-companion-<version>-<browser>.zip.
// `web-ext build` only zips a folder (it adds nothing browser-specific), so it serves Chrome too.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
for (const target of ['chrome', 'firefox']) {
  if (!existsSync(`dist/${target}/manifest.json`)) throw new Error(`dist/${target} is missing: run npm run build first.`);
  const filename = `discourse-companion-${version}-${target}.zip`;
  execFileSync('npx', ['web-ext', 'build', '--source-dir', `dist/${target}`, '--artifacts-dir', 'dist/packages', '--filename', filename, '--overwrite-dest'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log(`dist/packages/${filename}`);
}
