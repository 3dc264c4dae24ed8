import { startTransition, useEffect, useReducer, useRef } from 'react';

/**
 * The value, but changing at most once every `ms` milliseconds (the latest value always shows
 * within `ms`). With ms = 0 it is the value itself. Used to draw a busy cluster less often than the
 * store changes, so layout and paint of hundreds of pods do not run every frame.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [, force] = useReducer((x: number) => x + 1, 0);
  const shown = useRef(value);
  const last = useRef(-Infinity);
  const due = useRef(false);
  const now = performance.now();
  if (!Object.is(shown.current, value) && (ms === 0 || due.current || now - last.current >= ms)) {
    shown.current = value;
    last.current = now;
    due.current = false;
  }
  useEffect(() => {
    if (Object.is(shown.current, value)) return;
    const t = setTimeout(
      () => {
        due.current = true;
        startTransition(force);
      },
      Math.max(0, last.current + ms - performance.now()),
    );
    return () => clearTimeout(t);
  }, [value, ms]);
  return shown.current;
}
