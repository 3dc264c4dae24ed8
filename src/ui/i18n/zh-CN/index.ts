/** The Chinese catalogue (loaded only when the page speaks Chinese): a message for every English key. */
import type { CatalogOf } from '../types';
import type { en } from '../en';
import { common } from './common';
import { lessons } from './lessons';

export const zhCN: CatalogOf<typeof en> = {
  ...common,
  ...lessons,
};
