import type Browser from 'webextension-polyfill';

/**
 * The browser's extension API without the polyfill, for the light entry points (content scripts,
 * the popup's first paint): in MV3 both browsers' `runtime`, `storage`, `tabs`, `permissions` and
 * `scripting` methods return promises, which is all these callers use. The polyfill's types
 * describe it; none of its code is loaded.
 */
export function extensionApi(): typeof Browser {
  const scope = globalThis as unknown as { browser?: typeof Browser; chrome: typeof Browser };
  return scope.browser ?? scope.chrome;
}
