/** The Chinese catalogue (loaded only when the page speaks Chinese): a message for every English key. */
import type { CatalogOf } from '../types';
import type { en } from '../en';
import { common } from './common';
import { frame } from './frame';
import { timeline } from './timeline';
import { cluster } from './cluster';
import { faults } from './faults';
import { workloads } from './workloads';
import { editor } from './editor';
import { terminal } from './terminal';
import { events } from './events';

export const zhCN: CatalogOf<typeof en> = {
  ...common,
  ...frame,
  ...timeline,
  ...cluster,
  ...faults,
  ...workloads,
  ...editor,
  ...terminal,
  ...events,
};
