// Finds the browsers the end-to-end tests and the demo drive: an env override, then the usual
// system paths; on Debian/Ubuntu as root, installs the missing one with apt. Otherwise it stops
// with one line saying what to install.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const KINDS = {
  chromium: {
    env: 'CHROMIUM_PATH',
    paths: [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/google-chrome',
    ],
    aptPackage: 'chromium',
  },
  firefox: {
    // The real binary first: Debian's /usr/bin/firefox is a shell wrapper.
    env: 'FIREFOX_PATH',
    paths: ['/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr', '/usr/lib/firefox/firefox', '/usr/bin/firefox'],
    aptPackage: 'firefox-esr',
  },
};

function installable() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  if (!existsSync('/usr/bin/apt-get')) return false;
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
}

let aptUpdated = false;

/** @param {'chromium' | 'firefox'} kind @returns {string} the browser's executable path */
export function findBrowser(kind) {
  const spec = KINDS[kind];
  const fromEnv = process.env[spec.env];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`${spec.env}=${fromEnv} does not exist; point it at a ${kind} executable or unset it.`);
  }
  const found = spec.paths.find((path) => existsSync(path));
  if (found) return found;
  if (!installable()) {
    throw new Error(`No ${kind} found: install ${spec.aptPackage} (or set ${spec.env} to its executable).`);
  }
  console.error(`[browsers] ${kind} missing: installing Debian's ${spec.aptPackage}…`);
  const apt = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  if (!aptUpdated) execFileSync('apt-get', ['update', '-qq'], apt);
  aptUpdated = true;
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', spec.aptPackage], apt);
  const installed = spec.paths.find((path) => existsSync(path));
  if (!installed)
    throw new Error(`Installed ${spec.aptPackage} but found no ${kind} executable at ${spec.paths.join(', ')}.`);
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const kind of process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(KINDS)) {
    console.log(`${kind}: ${findBrowser(kind)}`);
  }
}
