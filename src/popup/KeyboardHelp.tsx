import { useEffect, useRef } from 'preact/hooks';
import { t, type MessageKey } from '../ui/i18n';

/** Every key the popup knows, in the order a newcomer learns them. */
const KEYS: [string[], MessageKey][] = [
  [['j', '↓'], 'keyNext'],
  [['k', '↑'], 'keyPrevious'],
  [['Enter'], 'keyOpen'],
  [['e'], 'keyMarkRead'],
  [['r'], 'keyReply'],
  [['c'], 'keyCompose'],
  [['/'], 'keyFilter'],
  [['1', '2', '3'], 'keyTabs'],
  [['?'], 'keyHelp'],
  [['Esc'], 'keyClose'],
];

/** A modal list of the keys: the native dialog keeps the focus inside and closes on Escape. */
export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="keyboard-help"
      aria-labelledby="keyboard-help-title"
      onClose={onClose}
      data-testid="keyboard-help"
    >
      <h2 id="keyboard-help-title">{t('keysHelpTitle')}</h2>
      <table>
        <tbody>
          {KEYS.map(([keys, what]) => (
            <tr key={what}>
              <th scope="row">
                {keys.map((key, i) => (
                  <>
                    {i > 0 && ' '}
                    <kbd>{key}</kbd>
                  </>
                ))}
              </th>
              <td>{t(what)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">{t('keysBrowserWide')}</p>
      <form method="dialog">
        <button type="submit" class="primary" autofocus>
          {t('closeButton')}
        </button>
      </form>
    </dialog>
  );
}
