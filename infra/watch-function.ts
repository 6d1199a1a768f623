/**
 * The one way ofsted-watch builds a Lambda: Node 24 on arm64, an esbuild ESM
 * bundle made locally (no Docker) from the options in bundle-options.ts, its
 * own log group with retention, and its own role that may write only to that
 * log group (grants for the table, queues and secrets are added by the stack).
 *
 * The bundle is an entry file plus lazily loaded chunks (code splitting), so
 * this is a plain lambda.Function with an asset bundled by esbuild, not a
 * NodejsFunction: that bundles to a single --outfile, which esbuild cannot split.
 */
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import type { FunctionSpec } from '#shared/runtime/registry.ts';
import { BUNDLE, esbuildOptions } from './bundle-options.ts';

export interface WatchFunctionProps {
  spec: FunctionSpec;
  /** Repository root: where the entry paths, package.json and package-lock.json are. */
  projectRoot: string;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
}

export class WatchFunction extends Construct {
  readonly spec: FunctionSpec;
  readonly function: LambdaFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WatchFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of the AWSLambdaBasicExecutionRole managed policy,
    // which would allow writing to every log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `ofsted-watch ${spec.name}: writes its own logs; table, queue and secret grants are added by the stack`,
    });
    this.role.addToPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [this.logGroup.logGroupArn],
    }));
    const entry = join(props.projectRoot, spec.entry);
    this.function = new LambdaFunction(this, 'Function', {
      code: Code.fromAsset(props.projectRoot, {
        // Hash the bundle, not the repository: the same code gives the same
        // asset, whatever else changed in the working tree.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          local: {
            tryBundle(outputDir) {
              buildSync(esbuildOptions(entry, outputDir));
              return true;
            },
          },
          // Never used: local bundling either succeeds or fails synth with
          // esbuild's error (esbuild is a devDependency). The command names the
          // entry, so each function's bundling options, and with them the
          // asset cache key, differ.
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
          command: ['sh', '-c', `echo "ofsted-watch bundles ${spec.entry} locally with esbuild: run npm ci first" >&2; exit 1`],
        },
      }),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      description: spec.description,
      role: this.role,
      logGroup: this.logGroup,
      // Scheduled invocations are asynchronous. No Lambda-level retry: a retried
      // scan could overlap the next scheduled one (doubling the request rate to
      // Ofsted); the next tick is the retry, and the Errors alarm reports failures.
      retryAttempts: 0,
      environment: { ...props.environment, NODE_OPTIONS: BUNDLE.nodeOptions },
    });
  }
}

/** ofsted-scan -> OfstedScan, for construct ids. */
export function pascal(name: string): string {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
