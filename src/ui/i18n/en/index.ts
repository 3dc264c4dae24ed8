/**
 * The English catalogue: every piece of the page's own text, by key. Each area of the page keeps its
 * messages in a file of its own here, with its Chinese twin in ../zh-CN.
 */
import { common } from './common';
import { frame } from './frame';
import { timeline } from './timeline';
import { cluster } from './cluster';
import { faults } from './faults';
import { workloads } from './workloads';
import { editor } from './editor';
import { terminal } from './terminal';
import { events } from './events';

export const en = {
  ...common,
  ...frame,
  ...timeline,
  ...cluster,
  ...faults,
  ...workloads,
  ...editor,
  ...terminal,
  ...events,
} as const;

export type MessageKey = keyof typeof en;
