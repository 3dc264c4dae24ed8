/**
 * A key's value as etcd holds it, made readable. The API server writes built-in kinds as protobuf
 * ("k8s\0" + apiVersion/kind + the object's bytes) and custom resources as JSON, always without
 * metadata.resourceVersion (a key's mod revision is its resourceVersion). kubetab keeps the objects
 * themselves, so it shows every value decoded, as JSON, and says which were protobuf.
 */
import type { KeyValue } from './store';

/** The value as text: the object as the API server stored it, in JSON; a text key's own bytes. */
export function valueText(kv: KeyValue): string {
  if (kv.text !== undefined) return kv.text;
  const { resourceVersion: _stamped, ...metadata } = kv.value.metadata;
  void _stamped;
  return JSON.stringify({ ...kv.value, metadata });
}

/** Whether the API server writes this value as protobuf: built-in groups, not custom resources or text. */
export function isProtobuf(kv: KeyValue): boolean {
  if (kv.text !== undefined) return false;
  const apiVersion = (kv.value as { apiVersion?: string }).apiVersion ?? 'v1';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return !group.includes('.') || group.endsWith('.k8s.io');
}

export function decodedValue(kv: KeyValue): { value: string; protobuf: boolean } {
  return { value: valueText(kv), protobuf: isProtobuf(kv) };
}
