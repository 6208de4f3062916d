#!/usr/bin/env node
import { runCli } from '../lib/cli/run.ts';

// A closed stdout (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const status = await runCli(process.argv.slice(2), process);
process.exitCode = status;
