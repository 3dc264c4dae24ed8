/** The Chinese catalogue (loaded only when the page speaks Chinese): a message for every English key. */
import type { CatalogOf } from '../types';
import type { en } from '../en';
import { common } from './common';
import { classroom } from './classroom';
import { etcd } from './etcd';
import { help } from './help';
import { network } from './network';
import { requests } from './requests';
import { scheduler } from './scheduler';

export const zhCN: CatalogOf<typeof en> = {
  ...common,
  ...classroom,
  ...etcd,
  ...help,
  ...network,
  ...requests,
  ...scheduler,
};
