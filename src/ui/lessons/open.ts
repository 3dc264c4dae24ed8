/** The menu's and the panel's ways into a lesson; a lesson that cannot be opened says why in a banner. */
import { cluster } from '../../state/cluster';
import { openLesson } from '../../state/lesson';
import { builtinLesson, lessonFromText } from '../../state/lessonLibrary';
import { fetchLessonText, LESSON_LINK_BANNER_ID } from '../../state/lessonHash';
import { useUi } from '../../state/ui';
import { translate } from '../i18n';
import type { LessonLang, LessonText } from '../../lesson/types';
import type { Lang } from '../i18n';

const failed = (e: unknown): false => {
  useUi.getState().addBanner({ id: LESSON_LINK_BANNER_ID, kind: 'error', message: translate('lessons.badFile', { error: e instanceof Error ? e.message : String(e) }) });
  return false;
};

const opened = (): true => {
  useUi.getState().dismissBanner(LESSON_LINK_BANNER_ID);
  return true;
};

export async function openBuiltin(name: string): Promise<boolean> {
  try {
    openLesson(cluster, await builtinLesson(name), { kind: 'builtin', name });
    return opened();
  } catch (e) {
    return failed(e);
  }
}

/** A lesson from a file's (or a draft's) text: it travels whole in the link. */
export async function openText(text: string): Promise<boolean> {
  try {
    openLesson(cluster, await lessonFromText(text), { kind: 'text', text });
    return opened();
  } catch (e) {
    return failed(e);
  }
}

export async function openUrl(url: string): Promise<boolean> {
  try {
    return await openText(await fetchLessonText(url));
  } catch (e) {
    return failed(e);
  }
}

/** A lesson's text in the page's language, English when the lesson has none in it. */
export function pick(text: LessonText, lang: Lang): string {
  return text[lang as LessonLang] ?? text.en;
}
