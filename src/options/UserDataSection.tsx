import { explain } from '../ui/errorSteps';
import { useEffect, useState } from 'preact/hooks';
import type { ForumView } from '../messages/protocol';
import { FEATURE_IDS } from '../messages/pageFeatures';
import type { Filters, Template, UserData } from '../messages/userData';
import { ask } from '../ui/background';
import { t, type MessageKey } from '../ui/i18n';

const FEATURES = FEATURE_IDS;
const FILTERS = ['users', 'keywords', 'categories', 'tags'] as const;

/** Page features, templates, notes, filters, per-forum limits, and export / import. */
export function UserDataSection({ forums }: { forums: ForumView[] }) {
  const [data, setData] = useState<UserData | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  /** Whose filters the form shows: '' for every forum's, else one forum's base URL. */
  const [filterScope, setFilterScope] = useState('');

  useEffect(() => {
    void ask({ type: 'data.get' }).then((result) =>
      result.ok ? setData(result.data) : setMessage({ text: explain(result.error), error: true }),
    );
  }, []);
  if (!data) return message ? <p class="error">{message.text}</p> : null;

  async function save(change: Partial<UserData>) {
    const result = await ask({ type: 'data.set', data: change as Record<string, unknown> });
    if (result.ok) {
      setData(result.data);
      setMessage({ text: t('savedOk'), error: false });
    } else setMessage({ text: explain(result.error), error: true });
  }

  async function exportFile() {
    const result = await ask({ type: 'data.export' });
    if (!result.ok) return setMessage({ text: explain(result.error), error: true });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([result.data.text], { type: 'application/json' }));
    link.download = `discourse-companion-settings-${new Date().toISOString().slice(0, 10)}.json`;
    link.dataset.testid = 'export-link';
    link.dataset.content = result.data.text;
    document.body.append(link);
    link.click();
    setTimeout(() => link.remove(), 5_000);
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    const result = await ask({ type: 'data.import', text: await file.text() });
    if (result.ok) {
      setData(result.data);
      setMessage({ text: t('importedOk'), error: false });
    } else setMessage({ text: explain(result.error), error: true });
  }

  const setTemplate = (index: number, change: Partial<Template>) =>
    setData({ ...data, templates: data.templates.map((tpl, i) => (i === index ? { ...tpl, ...change } : tpl)) });
  const shownFilters: Filters = filterScope
    ? (data.forumFilters[filterScope] ?? { users: [], keywords: [], categories: [], tags: [] })
    : data.filters;
  function saveFilters(filters: Filters) {
    if (!filterScope) return save({ filters });
    const forumFilters = { ...data!.forumFilters, [filterScope]: filters };
    if (!Object.values(filters).some((list) => list.length)) delete forumFilters[filterScope];
    return save({ forumFilters });
  }

  return (
    <div class="user-data">
      {message && (
        <p class={message.error ? 'error' : 'ok'} role="status" data-testid="data-message">
          {message.text}
        </p>
      )}

      <h3>{t('featuresHeading')}</h3>
      {FEATURES.map((id) => (
        <label class="check" key={id}>
          <input
            type="checkbox"
            name={`feature-${id}`}
            checked={data.features[id] !== false}
            onChange={(e) => save({ features: { ...data.features, [id]: e.currentTarget.checked } })}
          />{' '}
          {t(`feature_${id}` as MessageKey)}
        </label>
      ))}

      <h3>{t('templatesHeading')}</h3>
      <p class="muted">{t('templatesHelp')}</p>
      <p class="muted">{t('forumScopeHelp')}</p>
      {data.templates.map((template, index) => (
        <div class="template" key={template.id} data-testid="template">
          <input
            type="text"
            name="template-name"
            value={template.name}
            aria-label={t('templateName')}
            onInput={(e) => setTemplate(index, { name: e.currentTarget.value })}
          />
          <textarea
            name="template-body"
            rows={2}
            value={template.body}
            aria-label={t('templateBody')}
            onInput={(e) => setTemplate(index, { body: e.currentTarget.value })}
          />
          <ForumScope
            label={t('templateForum')}
            name="template-forum"
            forums={forums}
            value={template.forum ?? ''}
            onChange={(forum) => setTemplate(index, { forum: forum || undefined })}
          />
          <button type="button" onClick={() => save({ templates: data.templates.filter((_, i) => i !== index) })}>
            {t('deleteButton')}
          </button>
        </div>
      ))}
      <div class="row">
        <button
          type="button"
          onClick={() =>
            setData({
              ...data,
              templates: [...data.templates, { id: crypto.randomUUID().slice(0, 8), name: t('newTemplate'), body: '' }],
            })
          }
        >
          {t('addTemplate')}
        </button>
        <button
          type="button"
          class="primary"
          data-testid="save-templates"
          onClick={() => save({ templates: data.templates })}
        >
          {t('saveButton')}
        </button>
      </div>

      <h3>{t('filtersHeading')}</h3>
      <p class="muted">{t('filtersHelp')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const lines = (name: string) =>
            String(form.get(name) ?? '')
              .split('\n')
              .map((x) => x.trim())
              .filter(Boolean);
          void saveFilters({
            users: lines('users'),
            keywords: lines('keywords'),
            categories: lines('categories'),
            tags: lines('tags'),
          });
        }}
      >
        <ForumScope
          label={t('filtersScope')}
          name="filters-forum"
          forums={forums}
          value={filterScope}
          extra={Object.keys(data.forumFilters)}
          onChange={setFilterScope}
        />
        {FILTERS.map((kind) => (
          <label key={`${filterScope}:${kind}`}>
            {t(`filterKind_${kind}` as MessageKey)}
            <textarea name={kind} rows={2} value={shownFilters[kind].join('\n')} />
          </label>
        ))}
        <button type="submit" data-testid="save-filters">
          {t('saveButton')}
        </button>
      </form>

      <h3>{t('notesHeading')}</h3>
      {Object.keys(data.notes).length === 0 ? (
        <p class="muted">{t('notesEmpty')}</p>
      ) : (
        <ul class="notes">
          {Object.entries(data.notes).map(([key, note]) => (
            <li key={key}>
              <strong>{key.split('|')[1]}</strong> <span class="muted">{new URL(key.split('|')[0]!).host}</span>: {note}{' '}
              <button
                type="button"
                onClick={() =>
                  save({ notes: Object.fromEntries(Object.entries(data.notes).filter(([k]) => k !== key)) })
                }
              >
                {t('deleteButton')}
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('limitsHeading')}</h3>
      <p class="muted">{t('limitsHelp')}</p>
      {forums.map((forum) => {
        const current = data.forumOverrides[forum.baseUrl] ?? {};
        return (
          <form
            key={forum.id}
            class="row limits"
            data-forum={forum.id}
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              const num = (name: string) => (form.get(name) ? Number(form.get(name)) : undefined);
              const limits = {
                ...(num('perMinute') ? { perMinute: num('perMinute') } : {}),
                ...(num('perDay') ? { perDay: num('perDay') } : {}),
                ...(num('pollMinutes') ? { pollMinutes: num('pollMinutes') } : {}),
              };
              const overrides = { ...data.forumOverrides, [forum.baseUrl]: limits };
              if (!Object.keys(limits).length) delete overrides[forum.baseUrl];
              void save({ forumOverrides: overrides });
            }}
          >
            <strong>{forum.title}</strong>
            <label>
              {t('perMinuteLabel')}{' '}
              <input type="number" name="perMinute" min={1} placeholder="20" value={current.perMinute ?? ''} />
            </label>
            <label>
              {t('perDayLabel')}{' '}
              <input type="number" name="perDay" min={1} placeholder="2880" value={current.perDay ?? ''} />
            </label>
            <label>
              {t('pollMinutesLabel')}{' '}
              <input
                type="number"
                name="pollMinutes"
                min={1}
                max={120}
                placeholder="1"
                value={current.pollMinutes ?? ''}
              />
            </label>
            <button type="submit">{t('saveButton')}</button>
          </form>
        );
      })}

      <h3>{t('backupHeading')}</h3>
      <p class="muted">{t('backupHelp')}</p>
      <div class="row">
        <button type="button" onClick={exportFile} data-testid="export">
          {t('exportButton')}
        </button>
        <label>
          {t('importLabel')}{' '}
          <input
            type="file"
            accept="application/json,.json"
            name="import"
            onChange={(e) => importFile(e.currentTarget.files?.[0])}
          />
        </label>
      </div>
    </div>
  );
}

/**
 * Every forum, or one: the connected forums by title, and a forum that is no longer connected but
 * still named (by a template, or by filters kept for it) by its host, so saving changes nothing unasked.
 */
function ForumScope(props: {
  label: string;
  name: string;
  forums: ForumView[];
  value: string;
  extra?: string[];
  onChange: (baseUrl: string) => void;
}) {
  const known = new Set(props.forums.map((f) => f.baseUrl));
  const others = [...new Set([...(props.extra ?? []), props.value])].filter((base) => base && !known.has(base));
  return (
    <label>
      {props.label}{' '}
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('allForums')}</option>
        {props.forums.map((forum) => (
          <option key={forum.id} value={forum.baseUrl}>
            {forum.title}
          </option>
        ))}
        {others.map((base) => (
          <option key={base} value={base}>
            {URL.canParse(base) ? new URL(base).host + new URL(base).pathname.replace(/\/$/, '') : base}
          </option>
        ))}
      </select>
    </label>
  );
}
