/** The editor's file list: the scratch buffer, the scenario's files (open, new, rename, delete), and kubectl edit's buffer. */
import { useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useScenario } from '../../state/stores';
import { useT } from '../i18n';
import { deleteFile, nameProblem, newFile, openFile, openScratch, renameFile, useFiles } from './store';

type Naming = { mode: 'new' } | { mode: 'rename'; path: string };

export function FileList() {
  const t = useT();
  const files = useScenario((s) => s.scenario?.files);
  const open = useFiles((s) => s.open);
  const [naming, setNaming] = useState<Naming | null>(null);
  const paths = Object.keys(files ?? {}).sort();
  const openPath = open.kind === 'file' ? open.path : undefined;

  return (
    <nav className="file-list" aria-label={t('files.label')}>
      <ul role="list">
        <li>
          <button type="button" className={`file-item${open.kind === 'scratch' ? ' open' : ''}`} aria-current={open.kind === 'scratch' ? 'true' : undefined} title={t('files.scratchTitle')} onClick={openScratch}>
            <span className="file-name">{t('files.scratch')}</span>
          </button>
        </li>
        {open.kind === 'edit' ? (
          <li>
            <button type="button" className="file-item open edit" aria-current="true" title={t('files.editHint')}>
              <span className="file-name mono">{t('files.editing', { ref: open.edit.ref })}</span>
            </button>
          </li>
        ) : null}
        {paths.map((p) =>
          naming?.mode === 'rename' && naming.path === p ? (
            <li key={p}>
              <NameForm initial={p} except={p} label={t('files.renameLabel', { path: p })} submit={t('files.rename')} onDone={(name) => (name !== p && renameFile(p, name), setNaming(null))} onCancel={() => setNaming(null)} />
            </li>
          ) : (
            <li key={p}>
              <button type="button" className={`file-item${openPath === p ? ' open' : ''}`} aria-current={openPath === p ? 'true' : undefined} title={t('files.fileTitle', { path: p })} onClick={() => openFile(p)} data-path={p}>
                <span className="file-name mono">{p}</span>
              </button>
            </li>
          ),
        )}
      </ul>
      {paths.length === 0 && !naming ? <p className="muted small file-none">{t('files.none')}</p> : null}
      {naming?.mode === 'new' ? (
        <NameForm initial="" label={t('files.new')} submit={t('files.create')} onDone={(name) => (newFile(name), setNaming(null))} onCancel={() => setNaming(null)} />
      ) : null}
      <div className="file-actions">
        <button type="button" onClick={() => setNaming({ mode: 'new' })} disabled={naming !== null}>
          {t('files.new')}
        </button>
        {openPath !== undefined ? (
          <>
            <button type="button" onClick={() => setNaming({ mode: 'rename', path: openPath })} disabled={naming !== null}>
              {t('files.rename')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                if (window.confirm(t('files.deleteConfirm', { path: openPath }))) deleteFile(openPath);
              }}
            >
              {t('files.delete')}
            </button>
          </>
        ) : null}
      </div>
    </nav>
  );
}

/** A name typed in place: Enter creates (or renames), Escape leaves; a name the file area refuses says why. */
function NameForm({ initial, except, label, submit, onDone, onCancel }: { initial: string; except?: string; label: string; submit: string; onDone(name: string): void; onCancel(): void }) {
  const t = useT();
  const [name, setName] = useState(initial);
  const [problem, setProblem] = useState('');
  const go = (e: FormEvent): void => {
    e.preventDefault();
    const n = name.trim();
    const bad = n === except ? undefined : nameProblem(n, except);
    if (bad) {
      setProblem(t(bad.key, { detail: bad.detail }));
      return;
    }
    onDone(n);
  };
  const keys = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  };
  return (
    <form className="file-name-form" onSubmit={go} onKeyDown={keys}>
      <input
        type="text"
        className="mono"
        aria-label={label}
        placeholder={t('files.newPlaceholder')}
        value={name}
        autoFocus
        spellCheck={false}
        onChange={(e) => {
          setName(e.target.value);
          setProblem('');
        }}
        aria-invalid={problem !== '' ? 'true' : undefined}
      />
      <div className="file-name-buttons">
        <button type="submit" className="primary">{submit}</button>
        <button type="button" onClick={onCancel}>{t('files.cancel')}</button>
      </div>
      {problem ? <p className="file-problem small" role="alert">{problem}</p> : null}
    </form>
  );
}
