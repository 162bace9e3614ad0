import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';

export type Target = 'chrome' | 'firefox';

/**
 * One manifest.json source serves both browsers; each build keeps only what its browser reads,
 * so neither shows "unrecognized key" warnings and web-ext lint sees a Firefox-only manifest.
 */
export function manifestFor(target: Target): ManifestV3Export {
  const source = JSON.parse(readFileSync(fileURLToPath(new URL('./manifest.json', import.meta.url)), 'utf8'));
  const { background, key, browser_specific_settings, ...common } = source;
  if (target === 'chrome') {
    return { ...common, key, background: { service_worker: background.service_worker, type: background.type } };
  }
  return { ...common, browser_specific_settings, background: { scripts: background.scripts, type: background.type } };
}

/**
 * crxjs lists `?iife` content scripts as web-accessible to every site. We inject them with
 * `scripting`, which needs no such entry, and an accessible file lets any page detect the
 * extension (its id is fixed), so the entry is dropped.
 */
function dropContentScriptWebAccess(): Plugin {
  return {
    name: 'companion:drop-content-script-web-access',
    enforce: 'post',
    // crxjs writes the final manifest late, so this edits the written file.
    writeBundle(options) {
      const file = `${options.dir}/manifest.json`;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      const kept = (manifest.web_accessible_resources ?? []).filter(
        (entry: { resources: string[] }) => !entry.resources.every((file) => file.startsWith('src/content/')),
      );
      if (kept.length) manifest.web_accessible_resources = kept;
      else delete manifest.web_accessible_resources;
      writeFileSync(file, JSON.stringify(manifest, null, 2));
    },
  };
}

/**
 * Two library paths the extension never takes, cut out so nothing could take them and web-ext
 * lint (which reads the code, not what runs) has nothing to flag. MV3's policy forbids eval, so
 * zod's `new Function` probe can only fail (and is reported as a CSP violation when it does):
 * it answers "no" without trying. Forum HTML is rendered as text, and Preact's one innerHTML
 * write (for `dangerouslySetInnerHTML`, which no component uses) becomes a text write.
 */
const LIBRARY_EDITS: { library: string; file: RegExp; from: RegExp; to: string }[] = [
  {
    library: 'zod',
    file: /node_modules\/zod\/v4\/core\/util\.js$/,
    from: /export const allowsEval = [\s\S]*?\n\}\);\n/,
    to: 'export const allowsEval = { value: false };\n',
  },
  {
    library: 'preact',
    file: /node_modules\/preact\/dist\/preact\.mjs$/,
    from: /\b(\w)\.innerHTML=(\w)\.__html/,
    to: '$1.textContent=$2.__html',
  },
];

function withoutEvalOrInnerHtml(): Plugin {
  const applied = new Set<string>();
  return {
    name: 'companion:without-eval-or-inner-html',
    enforce: 'pre',
    transform(code, id) {
      const edit = LIBRARY_EDITS.find((e) => e.file.test(id));
      if (!edit) return null;
      // A library update that moves the code fails the build instead of shipping the old path.
      if (!edit.from.test(code))
        throw new Error(`${id}: the code ${edit.from} edits is gone; review LIBRARY_EDITS in vite.config.ts`);
      applied.add(edit.library);
      return { code: code.replace(edit.from, edit.to), map: null };
    },
    // …and so does one that renames the file: a bundled library whose edit never ran.
    buildEnd(error) {
      if (error) return;
      const bundled = [...this.getModuleIds()];
      for (const edit of LIBRARY_EDITS) {
        if (bundled.some((id) => id.includes(`node_modules/${edit.library}/`)) && !applied.has(edit.library)) {
          this.error(
            `${edit.library} is bundled but ${edit.file} was never edited; review LIBRARY_EDITS in vite.config.ts`,
          );
        }
      }
    },
  };
}

function chunkOf(id: string): string | undefined {
  // What the worker and the popup both load first (the inbox view's key, the translation layer,
  // the filter groups) travels apart from the UI's core, or the worker would load Preact.
  if (/src\/(messages\/(inboxView|i18n)|discourse\/notificationGroups)\.ts/.test(id)) return 'shared';
  if (
    /node_modules\/preact\/|src\/ui\/(i18n|lastInboxView|background|errorSteps)\.ts|src\/ui\/Avatar\.tsx|src\/messages\/extensionApi\.ts/.test(
      id,
    )
  )
    return 'ui-core';
  return undefined;
}

/**
 * An extension page's stylesheet goes into its HTML as a `<style>`: one request fewer before the
 * first paint, and the page can lay out as soon as its HTML is parsed (style-src is not limited by
 * the extension's CSP; script-src is, so scripts stay files).
 */
function inlineStylesheets(): Plugin {
  return {
    name: 'companion:inline-stylesheets',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return html; // the dev server serves CSS as modules
        return html.replace(/<link rel="stylesheet"(?: crossorigin)? href="\/([^"]+\.css)">/g, (link, file: string) => {
          const asset = bundle[file];
          if (asset?.type !== 'asset') return link;
          return `<style>${String(asset.source).replaceAll('</style', '<\\/style')}</style>`;
        });
      },
    },
  };
}

const target: Target = process.env.TARGET === 'firefox' ? 'firefox' : 'chrome';
/**
 * End-to-end builds also hold the loopback host permission and `notifications`: no browser
 * automation can click "Allow" on an extension's permission prompt, so they are granted up
 * front. `permissions.request` still runs, and answers at once because the grant exists.
 */
const e2e = process.env.E2E === '1';

function withTestGrants(manifest: ManifestV3Export): ManifestV3Export {
  if (!e2e) return manifest;
  const m = manifest as { permissions?: string[] };
  return {
    ...(manifest as object),
    permissions: [...(m.permissions ?? []), 'notifications'],
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
  } as ManifestV3Export;
}

export default defineConfig({
  plugins: [
    withoutEvalOrInnerHtml(),
    preact(),
    crx({ manifest: withTestGrants(manifestFor(target)), browser: target }),
    inlineStylesheets(),
    dropContentScriptWebAccess(),
  ],
  build: {
    outDir: e2e ? `dist/e2e-${target}` : `dist/${target}`,
    emptyOutDir: true,
    target: 'es2022',
    // Both browsers we support know modulepreload: the polyfill would be one more file to load first.
    modulePreload: { polyfill: false },
    // Every file the popup loads before its first paint costs a few ms: Preact and the UI's small
    // shared modules travel as one file (none of them is the worker's, which must not load Preact).
    // The admin window is opened by the background, so no manifest entry names it.
    rollupOptions: { input: { adminPanel: 'src/adminPanel/index.html' }, output: { manualChunks: chunkOf } },
  },
  define: {
    __TARGET__: JSON.stringify(target),
  },
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/unit/**/*.test.tsx',
      'test/forum/**/*.test.ts',
      'test/contract/**/*.test.ts',
      'test/i18n/**/*.test.ts',
    ],
    environment: 'happy-dom',
    setupFiles: ['test/i18n/setup.ts'],
  },
});
