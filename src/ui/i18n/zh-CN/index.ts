/** The Chinese catalogue (loaded only when the page speaks Chinese): a message for every English key. */
import type { CatalogOf } from '../types';
import type { en } from '../en';
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

export const zhCN: CatalogOf<typeof en> = {
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
};
