/**
 * Scenario files as text (YAML or JSON). Kept apart from format.ts so the page, which only decodes
 * share links (JSON), does not carry a YAML parser in its first download.
 */
import { parseAllDocuments } from 'yaml';
import { scenarioFromObject, ScenarioError } from './format';
import type { Scenario } from './format';

/** Parses a scenario from YAML or JSON text. Throws ScenarioError with a precise message. */
export function parseScenario(text: string): Scenario {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const real = list.filter((d) => d.contents !== null);
  if (real.length !== 1) throw new ScenarioError(real.length === 0 ? 'scenario: the document is empty' : 'scenario: expected one YAML document, found several');
  const doc = real[0]!;
  if (doc.errors.length > 0) throw new ScenarioError(`scenario: invalid YAML: ${doc.errors[0]!.message}`);
  return scenarioFromObject(doc.toJS());
}

