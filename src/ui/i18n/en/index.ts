/**
 * The English catalogue: every piece of the page's own text, by key. Each area of the page keeps its
 * messages in a file of its own here, with its Chinese twin in ../zh-CN.
 */
import { common } from './common';
import { classroom } from './classroom';
import { cluster } from './cluster';
import { editor } from './editor';
import { etcd } from './etcd';
import { events } from './events';
import { faults } from './faults';
import { faultResults } from './faultResults';
import { frame } from './frame';
import { help } from './help';
import { lessons } from './lessons';
import { links } from './links';
import { network } from './network';
import { policy } from './policy';
import { rbac } from './rbac';
import { replies } from './replies';
import { requests } from './requests';
import { scheduler } from './scheduler';
import { terminal } from './terminal';
import { files } from './files';
import { timeline } from './timeline';
import { workloads } from './workloads';

export const en = {
  ...common,
  ...classroom,
  ...cluster,
  ...editor,
  ...etcd,
  ...events,
  ...faults,
  ...faultResults,
  ...frame,
  ...help,
  ...lessons,
  ...links,
  ...network,
  ...policy,
  ...rbac,
  ...replies,
  ...requests,
  ...scheduler,
  ...terminal,
  ...timeline,
  ...workloads,
  ...files,
} as const;

export type MessageKey = keyof typeof en;
