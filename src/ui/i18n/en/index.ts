/**
 * The English catalogue: every piece of the page's own text, by key. Each area of the page keeps its
 * messages in a file of its own here, with its Chinese twin in ../zh-CN.
 */
import { common } from './common';
import { classroom } from './classroom';
import { etcd } from './etcd';
import { help } from './help';
import { network } from './network';
import { requests } from './requests';
import { scheduler } from './scheduler';

export const en = {
  ...common,
  ...classroom,
  ...etcd,
  ...help,
  ...network,
  ...requests,
  ...scheduler,
} as const;

export type MessageKey = keyof typeof en;
