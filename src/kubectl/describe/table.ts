/**
 * The describer map: every group/kind kubectl 1.31's describerMap names, each with its family's
 * describer. Kinds not in kubectl's map (Lease, Event among them) get the generic describer.
 */
import { APPS_DESCRIBERS } from './apps';
import { BATCH_DESCRIBERS } from './batch';
import { CONFIG_DESCRIBERS } from './config';
import { CERTIFICATES_DESCRIBERS } from './csr';
import { NETWORKING_DESCRIBERS } from './endpointslice';
import { EXISTING_DESCRIBERS } from './existing';
import { POLICY_DESCRIBERS } from './policy';
import { RBAC_DESCRIBERS } from './rbac';
import { STORAGE_DESCRIBERS } from './storage';
import type { Describer } from './types';

export const DESCRIBERS: Readonly<Record<string, Describer>> = {
  ...EXISTING_DESCRIBERS,
  ...APPS_DESCRIBERS,
  ...BATCH_DESCRIBERS,
  ...CONFIG_DESCRIBERS,
  ...STORAGE_DESCRIBERS,
  ...POLICY_DESCRIBERS,
  ...RBAC_DESCRIBERS,
  ...NETWORKING_DESCRIBERS,
  ...CERTIFICATES_DESCRIBERS,
};
