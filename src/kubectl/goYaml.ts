/** Go yaml's (go-yaml v2, through sigs.k8s.io/yaml) wording of YAML syntax errors, for every command that reads YAML. */
import type { YAMLError } from 'yaml';

/** Go yaml's wording for the kinds of syntax error the yaml package reports. */
export function goYamlMessage(e: YAMLError): string {
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return 'found character that cannot start any token';
    case 'MISSING_CHAR':
      return /quote/i.test(e.message) ? 'found unexpected end of stream' : "could not find expected ':'";
    case 'BLOCK_AS_IMPLICIT_KEY':
      // `a: b: c`: go-yaml's scanner meets the second `:` where no mapping value may start.
      if (e.message.startsWith('Nested mappings are not allowed in compact mappings')) return 'mapping values are not allowed in this context';
      return "could not find expected ':'";
    case 'MULTILINE_IMPLICIT_KEY':
      return "could not find expected ':'";
    case 'BAD_INDENT':
      return 'mapping values are not allowed in this context';
    case 'BAD_SCALAR_START':
      return 'found character that cannot start any token';
    default:
      return 'did not find expected key';
  }
}
