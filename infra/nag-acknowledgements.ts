import { Stack, Validations } from 'aws-cdk-lib';
import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * Every validation finding the stack acknowledges, each on the narrowest construct and
 * with its reason. cdk-nag 3 reads CDK's `Validations` acknowledgements; findings that
 * carry a detail (`AwsSolutions-IAM5[Resource::...]`) are acknowledged one by one.
 */
function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** A dead-letter queue needs none of its own; `what` says whose it is. */
export function acknowledgeDeadLetterQueue(queue: IConstruct, what = "the on-failure destination of the function's asynchronous invocations (direct S3 notifications, EventBridge rules)"): void {
  acknowledge(
    queue,
    'AwsSolutions-SQS3',
    `This queue is a dead-letter queue: ${what}. Nothing consumes it automatically, so it needs no dead-letter queue of its own.`,
  );
}

/**
 * IAM5 flags object ARNs that end in `*`. Ours are `<bucket>/<prefix>/*`: the narrowest
 * resource that covers objects whose keys are only known at run time.
 */
export function acknowledgePrefixScopedObjects(scope: IConstruct, statements: readonly PolicyStatement[]): void {
  const stack = Stack.of(scope);
  for (const statement of statements) {
    for (const resource of statement.resources) {
      const flat = flattenReference(stack.resolve(resource));
      if (!flat.includes('*')) continue;
      acknowledge(
        scope,
        `AwsSolutions-IAM5[Resource::${flat}]`,
        `${statement.sid}: objects under one integration's own prefix, whose keys are not known in advance; ` +
          'the prefix is the narrowest scope and no bucket-wide or account-wide wildcard is granted.',
      );
    }
  }
}

/** Findings on what CDK adds to the stack itself. */
export function acknowledgeStackHelpers(stack: Stack): void {
  acknowledge(
    stack,
    'CloudFormation-Validate::W7001',
    'The Firehose L2 adds a mapping of Firehose CIDR blocks for destinations that need IP allow-lists ' +
      '(Redshift, Splunk); the S3 destinations used here do not reference it.',
  );
}

/** A resolved CloudFormation value as cdk-nag prints it in finding ids (its flattenCfnReference). */
function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const object = node as Record<string, unknown>;
  if (object['Fn::Join']) {
    const [delimiter, items] = object['Fn::Join'] as [string, unknown[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (object['Fn::Sub']) return flattenReference(object['Fn::Sub']);
  if (object['Fn::GetAtt']) {
    const [resource, attribute] = object['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (object['Fn::ImportValue']) return flattenReference(object['Fn::ImportValue']);
  if (object.Ref) return `<${flattenReference(object.Ref)}>`;
  return JSON.stringify(node);
}
