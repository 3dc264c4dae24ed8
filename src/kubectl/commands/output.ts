/** The -o formats shared by commands: name, yaml, json, jsonpath; and kubectl's "unknown format" error. */
import type { ResourceDefinition } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { plainError } from '../errors';
import { executeJsonPath, JsonPathError, parseJsonPath } from '../printers/jsonpath';
import { toJson } from '../printers/json';
import { toYaml } from '../printers/yaml';
import { kindRef } from '../resources';

export const ALLOWED_FORMATS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export type OutputFormat = { kind: 'human'; wide: boolean } | { kind: 'name' } | { kind: 'yaml' } | { kind: 'json' } | { kind: 'jsonpath'; template: string };

export function parseOutputFlag(o: string): OutputFormat {
  if (o === '') return { kind: 'human', wide: false };
  if (o === 'wide') return { kind: 'human', wide: true };
  if (o === 'name') return { kind: 'name' };
  if (o === 'yaml') return { kind: 'yaml' };
  if (o === 'json') return { kind: 'json' };
  const m = /^jsonpath=(.*)$/s.exec(o);
  if (m) return { kind: 'jsonpath', template: m[1]! };
  if (o === 'jsonpath') throw plainError('template format specified but no template given');
  throw plainError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${ALLOWED_FORMATS}`);
}

/** `deployment.apps/web` */
export function nameRef(def: ResourceDefinition, obj: KObject): string {
  return `${kindRef(def)}/${obj.metadata?.name ?? '<unknown>'}`;
}

/** The List kubectl wraps several objects in for -o yaml/json/jsonpath. */
export function asList(items: KObject[]): KObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } } as KObject;
}

/** Renders one object or a list for a structured format; throws a KubectlError for jsonpath failures. */
export function renderStructured(fmt: OutputFormat, data: unknown): string {
  switch (fmt.kind) {
    case 'yaml':
      return toYaml(data);
    case 'json':
      return toJson(data);
    case 'jsonpath': {
      let tpl;
      try {
        tpl = parseJsonPath(fmt.template);
      } catch (e) {
        throw plainError(`error parsing jsonpath ${fmt.template}, ${(e as Error).message}\n`);
      }
      try {
        return executeJsonPath(tpl, data);
      } catch (e) {
        if (e instanceof JsonPathError) {
          throw plainError(`error executing jsonpath "${fmt.template}": Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${fmt.template}\n\tobject given to jsonpath engine was:\n\t\t${JSON.stringify(data)}\n\n`);
        }
        throw e;
      }
    }
    default:
      return '';
  }
}
