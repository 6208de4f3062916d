#!/usr/bin/env node
import { integrations } from '../functions/registry.ts';
import { runCli } from '../lib/cli/run.ts';

// A closed stdout (`| head`) is not an error worth a stack trace; runCli reports any other
// failure to write stdout (a full disk) as it does for a file, with exit status 3.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

const status = await runCli(process.argv.slice(2), process, integrations);
process.exitCode = status;
