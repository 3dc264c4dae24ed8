/**
 * The YAML language service that knows Kubernetes: monaco-yaml (yaml-language-server in its own
 * worker) given a JSON Schema of the 1.31 API built here, at editor load, from the schema the API
 * server decodes against and the API's documentation — so completion offers exactly the fields the
 * server accepts, and hover shows their descriptions. Validation is off in the language service: the
 * squiggles are the API server's own (problems.ts).
 *
 * This module is reached only through the editor's dynamic import, so none of it, nor the schema and
 * documentation it loads, is part of the page's first paint.
 */
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { configureMonacoYaml } from 'monaco-yaml';
import type { JSONSchema } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import type { SchemaDoc } from '../../sim/api/schema/schema';
import { loadApiDocs } from '../../sim/api/schema/docs';
import { buildJsonSchema } from '../../sim/api/schema/jsonSchema';

/** What monaco-worker-manager passes to createWebWorker (Monaco before 0.50's shape). */
interface LegacyWorkerOptions {
  createData?: unknown;
  label?: string;
  moduleId?: string;
}

/**
 * monaco-yaml asks Monaco for its worker the way Monaco did before its ESM rewrite (a label and the
 * data the worker is created with); Monaco 0.57 takes the Worker itself. The worker is made here and
 * handed its creation data as Monaco's own language workers are: a first message that starts it, then
 * the data.
 */
function withYamlWorker(monaco: typeof Monaco): typeof Monaco {
  const createWebWorker = (opts: LegacyWorkerOptions): Monaco.editor.MonacoWebWorker<object> => {
    const worker = new YamlWorker();
    worker.postMessage('ignore');
    worker.postMessage(opts.createData);
    return monaco.editor.createWebWorker({ worker });
  };
  return { ...monaco, editor: { ...monaco.editor, createWebWorker } } as unknown as typeof Monaco;
}

let configured: Promise<void> | undefined;

/** Configures the language service once, with the schema built from the API's own data. */
export function setUpKubernetesYaml(monaco: typeof Monaco): Promise<void> {
  configured ??= Promise.all([import('../../sim/api/schema/k8s-1.31.json'), loadApiDocs()]).then(([schemaDoc, docs]) => {
    const schema = buildJsonSchema((schemaDoc as { default: SchemaDoc }).default, docs);
    configureMonacoYaml(withYamlWorker(monaco), {
      enableSchemaRequest: false,
      validate: false,
      completion: true,
      hover: true,
      // The schema is built here, not fetched: a "Source:" link under each hover would lead nowhere.
      hoverSchemaSource: false,
      format: { enable: false },
      schemas: [{ uri: 'https://kubetab.local/schemas/k8s-1.31.json', fileMatch: ['*'], schema: schema as JSONSchema }],
    });
  });
  return configured;
}
