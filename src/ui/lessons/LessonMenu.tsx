/**
 * The lesson menu: the course by section, each lesson with its progress; a free sandbox; a lesson from a
 * file or a URL; and "Make this a lesson".
 */
import { useEffect, useRef, useState } from 'react';
import { cluster } from '../../state/cluster';
import { openSandbox, useOpenLesson } from '../../state/lesson';
import { builtinCourse } from '../../state/lessonLibrary';
import type { CourseEntry, CourseView } from '../../state/lessonLibrary';
import { readRecords, useLessonRecords } from '../../state/lessonProgressDb';
import { useLang, useT } from '../i18n';
import { Dialog } from './Dialog';
import { MakeLesson } from './MakeLesson';
import { openBuiltin, openText, openUrl, pick } from './open';
import './lessons.css';

export default function LessonMenu({ onClose }: { onClose(): void }) {
  const t = useT();
  const [making, setMaking] = useState(false);
  if (making) return <MakeLesson onClose={onClose} />;
  return (
    <Dialog title={t('lessons.menuTitle')} onClose={onClose} className="lesson-menu">
      <More onClose={onClose} onMake={() => setMaking(true)} />
      <Course onClose={onClose} />
    </Dialog>
  );
}

function Course({ onClose }: { onClose(): void }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [course, setCourse] = useState<CourseView | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    void readRecords();
    builtinCourse().then(
      (c) => live && setCourse(c),
      (e: unknown) => live && setCourse({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  if (!course) return <p className="muted" aria-busy="true">{t('lessons.loading')}</p>;
  if ('error' in course) return <p className="lesson-error">{t('lessons.loadFailed', { error: course.error })}</p>;
  return (
    <nav className="course" aria-label={t('lessons.course')}>
      {course.sections.map((s, i) => (
        <section key={i} className="course-section">
          <h3>{pick(s.title, lang)}</h3>
          <ul>
            {s.entries.map((e) => (
              <Entry key={e.name} entry={e} onClose={onClose} />
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}

function Entry({ entry, onClose }: { entry: CourseEntry; onClose(): void }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const rec = useLessonRecords((s) => s.records.get(entry.name));
  const isOpen = useOpenLesson((s) => s.open?.source.kind === 'builtin' && s.open.source.name === entry.name);
  if (!('lesson' in entry)) {
    return (
      <li className="course-entry unavailable" title={entry.error}>
        <span className="entry-title">{entry.name}</span>
        <span className="entry-progress muted">{t('lessons.notReady')}</span>
      </li>
    );
  }
  const total = entry.lesson.goals.length;
  const met = rec ? rec.goalsMet.filter((id) => entry.lesson.goals.some((g) => g.id === id)).length : 0;
  return (
    <li className={`course-entry${rec?.completed ? ' done' : ''}`} data-lesson={entry.name}>
      <button
        type="button"
        className="entry-button"
        aria-current={isOpen ? 'true' : undefined}
        onClick={() => {
          onClose();
          void openBuiltin(entry.name);
        }}
      >
        <span className="entry-title">{pick(entry.lesson.title, lang)}</span>
        <span className="entry-progress">
          {isOpen ? <span className="entry-open">{t('lessons.isOpen')}</span> : null}
          {rec?.completed ? <span className="entry-done">{t('lessons.done')}</span> : met > 0 ? <span>{t('lessons.goalsMet', { met, total })}</span> : null}
        </span>
      </button>
    </li>
  );
}

function More({ onClose, onMake }: { onClose(): void; onMake(): void }) {
  const t = useT();
  const file = useRef<HTMLInputElement>(null);
  const [asking, setAsking] = useState(false);
  const [url, setUrl] = useState('');
  return (
    <section className="course-section more">
      <h3>{t('lessons.more')}</h3>
      <ul className="more-list">
        <li>
          <button
            type="button"
            className="entry-button"
            onClick={() => {
              onClose();
              openSandbox(cluster);
            }}
          >
            <span className="entry-title">{t('lessons.sandbox')}</span>
            <span className="entry-progress muted">{t('lessons.sandboxHint')}</span>
          </button>
        </li>
        <li>
          <button type="button" className="entry-button" onClick={() => file.current?.click()}>
            <span className="entry-title">{t('lessons.openFile')}</span>
            <span className="entry-progress muted">{t('lessons.openFileHint')}</span>
          </button>
          <input
            ref={file}
            type="file"
            accept=".yaml,.yml,.json,text/yaml,application/json"
            hidden
            data-lesson-file=""
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              onClose();
              void f.text().then(openText);
            }}
          />
        </li>
        <li>
          <button type="button" className="entry-button" onClick={() => setAsking(!asking)} aria-expanded={asking}>
            <span className="entry-title">{t('lessons.openUrl')}</span>
            <span className="entry-progress muted">{t('lessons.openUrlHint')}</span>
          </button>
          {asking ? (
            <form
              className="url-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (!url.trim()) return;
                onClose();
                void openUrl(url.trim());
              }}
            >
              <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} aria-label={t('lessons.urlLabel')} placeholder={t('lessons.urlPlaceholder')} autoFocus required />
              <button type="submit" className="primary">
                {t('lessons.urlOpen')}
              </button>
            </form>
          ) : null}
        </li>
        <li>
          <button type="button" className="entry-button" onClick={onMake}>
            <span className="entry-title">{t('lessons.makeLesson')}</span>
            <span className="entry-progress muted">{t('lessons.makeLessonHint')}</span>
          </button>
        </li>
      </ul>
    </section>
  );
}
