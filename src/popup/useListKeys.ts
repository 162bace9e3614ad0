import { useEffect, useState } from 'preact/hooks';

/** Keys that act on the selected row (`e` marks it read, `r` replies), beside the moving ones. */
export type RowKeys = Record<string, (index: number) => void>;

/**
 * The popup's own keys stand aside while the user types in a field, holds a modifier (the
 * browser's and the user's shortcuts keep theirs), or has a dialog open (the key list).
 */
export function keysStandAside(event: KeyboardEvent): boolean {
  const el = event.target as HTMLElement | null;
  const typing =
    !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
  return typing || event.ctrlKey || event.metaKey || event.altKey || !!document.querySelector('dialog[open]');
}

/**
 * `j` / `k` (and the arrow keys) move through a list, Enter opens the selected row, and `rowKeys`
 * act on it. Ignored while typing in a field, so the composer keeps its keys.
 */
export function useListKeys(
  length: number,
  open: (index: number) => void,
  reveal?: (index: number) => void,
  rowKeys: RowKeys = {},
): [number, (index: number) => void] {
  const [selected, setSelected] = useState(-1);
  useEffect(() => {
    if (selected >= length) setSelected(length - 1);
  }, [length]);
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (keysStandAside(event)) return;
      if (event.key === 'j' || event.key === 'ArrowDown') {
        event.preventDefault();
        setSelected((s) => Math.min(length - 1, s + 1));
      } else if (event.key === 'k' || event.key === 'ArrowUp') {
        event.preventDefault();
        setSelected((s) => Math.max(0, s - 1));
      } else if (event.key === 'Enter' && selected >= 0 && target?.tagName !== 'BUTTON' && target?.tagName !== 'A') {
        event.preventDefault();
        open(selected);
      } else if (selected >= 0 && rowKeys[event.key]) {
        event.preventDefault();
        rowKeys[event.key]!(selected);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [length, selected, open, rowKeys]);
  // The selected row's button takes the focus: screen readers follow, and Enter opens it. In a
  // windowed list the row may not be rendered (the user scrolled away): `reveal` scrolls to it,
  // and the focus follows once it is drawn.
  useEffect(() => {
    const show = () => {
      const row = document.querySelector(`[data-row-index="${selected}"]`);
      row?.scrollIntoView({ block: 'nearest' });
      if (row && !row.contains(document.activeElement))
        row.querySelector<HTMLElement>('.row-main')?.focus({ preventScroll: true });
      return !!row;
    };
    if (selected < 0 || show() || !reveal) return;
    reveal(selected);
    requestAnimationFrame(() => requestAnimationFrame(show));
  }, [selected]);
  return [selected, setSelected];
}
