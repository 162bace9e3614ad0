import { expect, test } from './harness';
import type { ExtensionPage } from './harness';
import { openConnectedPopup } from './harness/sandbox';

// The popup driven from the keyboard alone, in both browsers: no click below.

const active = (page: ExtensionPage) =>
  page.evaluate(
    () =>
      `${document.activeElement?.tagName.toLowerCase()}[name=${document.activeElement?.getAttribute('name') ?? ''}]`,
  );
const selectedIndex = (page: ExtensionPage) =>
  page.evaluate(() =>
    Number(
      document.querySelector('[data-testid=notification][aria-current=true]')?.getAttribute('data-row-index') ?? -1,
    ),
  );

test('keyboard only: j/k move, e marks read, / filters, Esc leaves the filter, Enter opens, ? lists the keys, 1–3 switch tabs, c writes', async ({
  extension,
  sandbox: start,
}) => {
  const sandbox = await start();
  const { popup } = await openConnectedPopup(extension, sandbox);
  await popup.press('j');
  await expect.poll(() => selectedIndex(popup)).toBe(0);
  await popup.press('j');
  await popup.press('ArrowDown');
  await expect.poll(() => selectedIndex(popup)).toBe(2);
  await popup.press('k');
  await expect.poll(() => selectedIndex(popup)).toBe(1);
  // The selected row holds the focus, and the focus is drawn.
  // (It moves there after the render that marked the row: a frame later on a busy machine.)
  await expect.poll(() => popup.evaluate(() => !!document.activeElement?.closest('[aria-current=true]'))).toBe(true);
  expect(await popup.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');

  // e: the selected unread row is marked read on the forum.
  const unreadIndex = await popup.evaluate(() =>
    Number(document.querySelector('[data-testid=notification][data-read=false]')!.getAttribute('data-row-index')),
  );
  for (let i = 1; i < unreadIndex; i++) await popup.press('j');
  for (let i = 1; i > unreadIndex; i--) await popup.press('k');
  await expect.poll(() => selectedIndex(popup)).toBe(unreadIndex);
  const before = await popup.count('[data-testid=notification][data-read=false]');
  await popup.press('e');
  await expect.poll(() => popup.count('[data-testid=notification][data-read=false]')).toBe(before - 1);

  // /: the filter takes the focus; typing narrows the list; Esc gives the keys back to the list.
  const title = await popup.evaluate(() => document.querySelector('[data-testid=notification] .title')!.textContent!);
  const word = title.split(/\s+/).find((w) => w.length > 5)!;
  await popup.press('/');
  await expect.poll(() => active(popup)).toBe('input[name=inbox-search]');
  await popup.type(word);
  await expect
    .poll(() =>
      popup.evaluateWith(
        (w: string) =>
          [...document.querySelectorAll('[data-testid=notification]')].every((li) =>
            li.textContent!.toLowerCase().includes(w.toLowerCase()),
          ),
        word,
      ),
    )
    .toBe(true);
  await popup.press('Escape');
  await expect.poll(() => active(popup)).not.toBe('input[name=inbox-search]');
  await expect.poll(() => selectedIndex(popup)).toBe(0);

  // Enter opens the selected row's post on the forum.
  await popup.press('Enter');
  await extension.waitForTab(new RegExp(`${sandbox.origin.replace(/[.]/g, '\\.')}/t/`));

  // ?: the list of keys, in a modal dialog that Escape closes.
  await popup.press('?');
  await popup.waitFor('dialog[open][data-testid=keyboard-help]');
  expect(await popup.evaluate(() => document.querySelectorAll('dialog[open] kbd').length)).toBeGreaterThanOrEqual(10);
  await popup.press('Escape');
  await expect.poll(() => popup.count('dialog[open]')).toBe(0);

  // 2 and 1 switch tabs; c opens the composer with the cursor in its text.
  await popup.press('2');
  await popup.waitFor('[data-tab=topics][aria-selected=true]');
  await popup.press('1');
  await popup.waitFor('[data-tab=inbox][aria-selected=true]');
  await popup.press('c');
  await expect.poll(() => active(popup), { timeout: 10_000 }).toBe('textarea[name=raw]');
  // Typing there is text, not shortcuts.
  await popup.type('jk?c/');
  expect(await popup.evaluate(() => (document.querySelector('textarea[name=raw]') as HTMLTextAreaElement).value)).toBe(
    'jk?c/',
  );
  expect(await popup.count('dialog[open]')).toBe(0);
});

test('browser-wide shortcuts are declared (open the popup, mark everything read, write), and "write" opens the popup at its composer', async ({
  extension,
  sandbox: start,
}) => {
  const sandbox = await start();
  const { options } = await openConnectedPopup(extension, sandbox);
  const commands = await options.evaluate(async () => {
    const scope = globalThis as unknown as {
      browser?: { commands: { getAll(): Promise<{ name: string; shortcut?: string }[]> } };
      chrome: { commands: { getAll(): Promise<{ name: string; shortcut?: string }[]> } };
    };
    return (await (scope.browser ?? scope.chrome).commands.getAll()).map((c) => ({
      name: c.name,
      shortcut: c.shortcut ?? '',
    }));
  });
  const names = commands.map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining(['_execute_action', 'mark-all-read', 'open-composer']));
  for (const command of commands) expect(command.shortcut, command.name).toMatch(/Alt.*Shift|Shift.*Alt|⇧|⌥/);
  const composer = await extension.openPage('src/popup/index.html?tab=compose');
  await expect.poll(() => active(composer), { timeout: 10_000 }).toBe('textarea[name=raw]');
});
