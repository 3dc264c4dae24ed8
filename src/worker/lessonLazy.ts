/**
 * The lesson engine (goal checks, Show me's log, the lesson draft with its YAML), loaded on demand:
 * only a lesson or a request about one runs it, and such a message waits for the on-demand modules,
 * so the cluster boots and paints without it. Node callers load it before running.
 */
type LessonActions = typeof import('./lessonActions');

let mod: LessonActions | undefined;

export async function loadLessonEngine(): Promise<void> {
  mod ??= await import('./lessonActions');
}

export function lessonEngine(): LessonActions {
  if (!mod) throw new Error('the lesson engine is not loaded yet (call loadLessonEngine first)');
  return mod;
}
