/** `kubectl set env|image|resources|selector`. */
import { usageError } from '../../errors';
import { type FlagSpec, type ParsedFlags, type Subcommand } from '../../flags';
import { goQuote } from '../../../sim/api/validation/fieldErrors';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { runSetEnv, SET_ENV_FLAGS } from './env';
import { runSetImage, SET_IMAGE_FLAGS } from './image';
import { runSetResources, SET_RESOURCES_FLAGS } from './resources';
import { runSetSelector, SET_SELECTOR_FLAGS } from './selector';

/** `kubectl set` itself has no flags of its own. */
export const SET_FLAGS: FlagSpec[] = [];

type Run = (io: CommandIO, f: ParsedFlags, scope: Scope) => void;

const SUBS: (Subcommand & { run: Run })[] = [
  { name: 'env', flags: SET_ENV_FLAGS, run: runSetEnv },
  { name: 'image', flags: SET_IMAGE_FLAGS, run: runSetImage },
  { name: 'resources', flags: SET_RESOURCES_FLAGS, run: runSetResources },
  { name: 'selector', flags: SET_SELECTOR_FLAGS, run: runSetSelector },
];

export const SET_SUBCOMMANDS: Subcommand[] = SUBS.map(({ name, flags }) => ({ name, flags }));

/** What `kubectl set` alone prints. */
const SET_HELP = `Configure application resources.

 These commands help you make changes to existing application resources.

Available Commands:
  env              Update environment variables on a pod template
  image            Update the image of a pod template
  resources        Update resource requests/limits on objects with pod templates
  selector         Set the selector on a resource
  serviceaccount   Update the service account of a resource
  subject          Update the user, group, or service account in a role binding or cluster role binding

Usage:
  kubectl set SUBCOMMAND [options]

Use "kubectl set <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export function runSet(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const sub = f.args[0];
  if (!sub) {
    // DefaultSubCommandRun: the help, then exit 1.
    io.err(SET_HELP);
    io.exitCode = 1;
    return;
  }
  const found = SUBS.find((s) => s.name === sub);
  if (!found) throw usageError('kubectl set', `unknown command ${goQuote(f.args.join(' '))}`);
  found.run(io, f, scope);
}
