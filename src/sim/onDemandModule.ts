/**
 * A module fetched on demand. `load` fetches it once: the cluster worker calls it after the cluster has
 * booted and painted (or before a scenario that needs it), Node callers before running. `get` hands it
 * over, and throws when it is asked for before it was loaded, so a missing load fails at once and
 * loudly instead of changing what the simulation does.
 */
export interface OnDemandModule<M> {
  load(): Promise<void>;
  get(): M;
}

/** `notLoaded` is the error `get` throws before `load` (it names the module and the function to call). */
export function onDemandModule<M>(importer: () => Promise<M>, notLoaded: string): OnDemandModule<M> {
  let mod: M | undefined;
  return {
    load: async () => {
      mod ??= await importer();
    },
    get: () => {
      if (mod === undefined) throw new Error(notLoaded);
      return mod;
    },
  };
}
