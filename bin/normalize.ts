#!/usr/bin/env node
import { integrations } from '../functions/registry.ts';
import { runCli } from '../lib/cli/run.ts';

// A closed stdout (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const status = await runCli(process.argv.slice(2), process, integrations);
process.exitCode = status;
