/**
 * The English catalogue: every piece of the page's own text, by key. Each area of the page keeps its
 * messages in a file of its own here, with its Chinese twin in ../zh-CN.
 */
import { common } from './common';
import { etcd } from './etcd';
import { help } from './help';
import { network } from './network';
import { requests } from './requests';
import { scheduler } from './scheduler';

export const en = {
  ...common,
  ...scheduler,
  ...requests,
  ...etcd,
  ...network,
  ...help,
} as const;

export type MessageKey = keyof typeof en;
