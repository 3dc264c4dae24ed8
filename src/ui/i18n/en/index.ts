/**
 * The English catalogue: every piece of the page's own text, by key. Each area of the page keeps its
 * messages in a file of its own here, with its Chinese twin in ../zh-CN.
 */
import { common } from './common';
import { lessons } from './lessons';

export const en = {
  ...common,
  ...lessons,
} as const;

export type MessageKey = keyof typeof en;
