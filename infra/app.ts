// The CDK app (`cdk.json` runs it): one environment-agnostic stack, configured by context.
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigurationError } from '../lib/errors.ts';
import { createApp } from './create-app.ts';

try {
  const { app } = createApp();
  // Every `cdk synth` and `cdk deploy` runs the AwsSolutions checks: an unacknowledged finding fails it.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  // A bad context option: say which, without a stack trace.
  console.error(`Invalid context option ${error.message}`);
  process.exitCode = 1;
}
