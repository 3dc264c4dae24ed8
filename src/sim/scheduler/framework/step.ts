/**
 * Step-through: a description of the next step of a scheduling cycle, handed out *before* the step
 * runs, so a UI can show "next: Filter on worker-2" and perform it on Next.
 */

/** The extension points a cycle can stop before. */
export type StepPoint = 'PreFilter' | 'Filter' | 'PostFilter' | 'PreScore' | 'Score' | 'NormalizeScore' | 'Select' | 'Reserve' | 'Permit' | 'PreBind' | 'Bind';

export interface CycleStep {
  point: StepPoint;
  /** Filter: the node about to be filtered. */
  node?: string;
  /** Score / NormalizeScore: the plugin about to run. */
  plugin?: string;
  /** One line for a person: what performing this step will do. */
  text: string;
}
