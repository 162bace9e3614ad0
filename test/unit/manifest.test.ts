// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { manifestFor } from '../../vite.config';

const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, unknown>;

// The manifest as JSON: these tests read fields by path, whatever their type.
// biome-ignore lint/suspicious/noExplicitAny: a JSON document read field by field
type Manifest = Record<string, any>;

describe('per-browser manifests', () => {
  it('gives Chrome a service worker and the fixed key, and nothing Firefox-only', () => {
    const chrome = manifestFor('chrome') as Manifest;
    expect(chrome.background).toEqual({ service_worker: 'src/background/worker.ts', type: 'module' });
    expect(typeof chrome.key).toBe('string');
    expect(chrome.browser_specific_settings).toBeUndefined();
  });

  it('gives Firefox background scripts and a gecko id, and no Chrome key', () => {
    const firefox = manifestFor('firefox') as Manifest;
    expect(firefox.background).toEqual({ scripts: ['src/background/worker.ts'], type: 'module' });
    expect(firefox.browser_specific_settings.gecko.id).toBe('discourse-companion@discourse-companion');
    expect(firefox.key).toBeUndefined();
  });

  it('asks for no host at install: forums come only through optional host permissions', () => {
    for (const target of ['chrome', 'firefox'] as const) {
      const manifest = manifestFor(target) as Manifest;
      expect(manifest.host_permissions).toBeUndefined();
      expect(manifest.content_scripts).toBeUndefined();
      expect(manifest.permissions).toEqual(['storage', 'alarms', 'identity', 'scripting', 'activeTab', 'idle']);
    }
  });

  it('resolves every __MSG_…__ placeholder in the manifest from the English locale', () => {
    const placeholders = JSON.stringify(manifestFor('chrome')).match(/__MSG_(\w+)__/g) ?? [];
    expect(placeholders.length).toBeGreaterThan(0);
    for (const placeholder of placeholders) expect(messages).toHaveProperty(placeholder.slice(6, -2));
  });
});
