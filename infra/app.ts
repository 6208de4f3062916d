// The CDK app (`cdk.json` runs it): one environment-agnostic stack, configured by context.
import { ConfigurationError } from '../lib/errors.ts';
import { createApp } from './create-app.ts';

try {
  createApp().app.synth();
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  // A bad context option: say which, without a stack trace.
  console.error(`Invalid context option ${error.message}`);
  process.exitCode = 1;
}
