/**
 * The help (loaded on first use): what each part of the page shows, the keys it answers to, and a
 * glossary of the Kubernetes words the page shows in English (pod statuses, node conditions, Event
 * reasons, the API server's errors), each explained in the reader's language. A modal <dialog>: Esc
 * and the close button end it, and focus returns to the `?` button.
 */
import { useEffect, useRef } from 'react';
import { LANGS, LANG_NAMES, useLang } from '../i18n';
import { helpEn } from './content/en';
import type { HelpKey } from './content/en';
import { helpZhCN } from './content/zh-CN';
import { ERRORS, EVENT_REASONS, KEYS, NODE_CONDITIONS, POD_STATUSES, TABS } from './glossary';
import './help.css';

const CONTENT = { en: helpEn, 'zh-CN': helpZhCN } as const;

export default function HelpDialog({ onClose }: { onClose(): void }) {
  const lang = useLang((s) => s.lang);
  const setLang = useLang((s) => s.setLang);
  const ref = useRef<HTMLDialogElement>(null);
  const c = CONTENT[lang];
  const h = (k: HelpKey): string => c[k] as string;

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const terms = (prefix: 'status' | 'condition' | 'reason', list: readonly string[]) => (
    <dl className="help-terms">
      {list.map((term) => (
        <div key={term} className="help-term" data-term={term}>
          <dt className="mono">{term}</dt>
          <dd>{h(`${prefix}.${term}` as HelpKey)}</dd>
        </div>
      ))}
    </dl>
  );

  return (
    // Esc and the close button close the <dialog> itself; its close event then unmounts it.
    <dialog ref={ref} className="help-dialog" aria-labelledby="help-title" lang={lang} onClose={onClose} data-testid="help-dialog">
      <header className="help-head">
        <h2 id="help-title">{h('title')}</h2>
        <div className="tabs help-langs" role="group" aria-label={h('language')}>
          {LANGS.map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={l === lang} onClick={() => void setLang(l)}>
              {LANG_NAMES[l]}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <button type="button" className="small-btn" onClick={() => ref.current?.close()} aria-label={h('close')}>
          ✕
        </button>
      </header>
      <nav className="help-nav small" aria-label={h('sections')}>
        <a href="#help-tabs">{h('tabsHead')}</a>
        <a href="#help-keys">{h('keysHead')}</a>
        <a href="#help-glossary">{h('glossaryHead')}</a>
      </nav>
      <div className="help-body">
        <p className="help-intro">{h('intro')}</p>
        <section id="help-tabs" aria-labelledby="help-tabs-h">
          <h3 id="help-tabs-h">{h('tabsHead')}</h3>
          <ul className="help-list">
            {TABS.map((k) => (
              <li key={k}>{h(`tab.${k}`)}</li>
            ))}
          </ul>
        </section>
        <section id="help-keys" aria-labelledby="help-keys-h">
          <h3 id="help-keys-h">{h('keysHead')}</h3>
          <table className="help-keys">
            <tbody>
              {KEYS.map((k) => (
                <tr key={k}>
                  <th scope="row">
                    {h(`keys.${k}`)
                      .split(' · ')
                      .map((part, i) => (
                        <kbd key={i}>{part}</kbd>
                      ))}
                  </th>
                  <td>{h(`key.${k}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section id="help-glossary" aria-labelledby="help-glossary-h">
          <h3 id="help-glossary-h">{h('glossaryHead')}</h3>
          <h4>{h('statusesHead')}</h4>
          {terms('status', POD_STATUSES)}
          <h4>{h('conditionsHead')}</h4>
          {terms('condition', NODE_CONDITIONS)}
          <h4>{h('reasonsHead')}</h4>
          {terms('reason', EVENT_REASONS)}
          <h4>{h('errorsHead')}</h4>
          <p className="small muted">{h('errorsNote')}</p>
          <dl className="help-terms">
            {ERRORS.map((e) => (
              <div key={e.id} className="help-term" data-term={e.id}>
                <dt className="mono">({e.id})</dt>
                <dd>
                  {h(`error.${e.id}`)}
                  <pre className="help-example">{e.example}</pre>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </dialog>
  );
}
