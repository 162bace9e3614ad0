import { useEffect } from 'preact/hooks';
import { keysStandAside } from './useListKeys';

export interface PopupKeys {
  compose(): void;
  search(): void;
  help(): void;
  tab(index: number): void;
}

/**
 * The popup's own keys, beside the list's (useListKeys): `c` writes, `/` filters the inbox, `?`
 * lists every key, `1`–`3` switch tabs (keysStandAside says when they do not).
 */
export function usePopupKeys(keys: PopupKeys): void {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (keysStandAside(event)) return;
      const act =
        event.key === 'c'
          ? keys.compose
          : event.key === '/'
            ? keys.search
            : event.key === '?'
              ? keys.help
              : /^[1-3]$/.test(event.key)
                ? () => keys.tab(Number(event.key) - 1)
                : null;
      if (!act) return;
      event.preventDefault();
      act();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keys]);
}

/** Focuses the first element matching `selector` once it is drawn (a lazy view loads its code, then its drafts). */
export function focusWhenShown(selector: string, until = Date.now() + 5_000): void {
  const element = document.querySelector<HTMLElement>(selector);
  if (element) return element.focus();
  if (Date.now() < until) setTimeout(() => focusWhenShown(selector, until), 30);
}
