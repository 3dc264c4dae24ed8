/**
 * The YAML parser, loaded on demand: only manifests (`apply -f`, `delete -f`) need it, so the cluster
 * worker fetches it with the API schema, after the cluster has booted and painted. Node callers load
 * it before running, as they load the schema.
 */
type YamlLib = typeof import('yaml');

let lib: YamlLib | undefined;

export async function loadYamlLib(): Promise<void> {
  lib ??= await import('yaml');
}

export function yamlLib(): YamlLib {
  if (!lib) throw new Error('the YAML parser is not loaded yet (call loadYamlLib first)');
  return lib;
}
