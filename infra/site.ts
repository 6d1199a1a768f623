/**
 * The national site in AWS: a private S3 bucket that only CloudFront can read
 * (origin access control), served over HTTPS only with the security headers
 * the pages are written for, with access logs of both the distribution and the
 * bucket in a logs bucket. publish-site writes the bucket.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONTENT_SECURITY_POLICY, HSTS_MAX_AGE_SECONDS } from '#shared/site/headers.ts';
import type { WatchFunction } from './watch-function.ts';

export interface NationalSiteProps {
  /** Days access logs are kept. */
  logRetentionDays: number;
}

export class NationalSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: NationalSiteProps) {
    super(scope, id);
    const privateBucket = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // The site is rebuilt from the table at any time; the logs are kept by their lifecycle.
      removalPolicy: RemovalPolicy.RETAIN,
    };
    // CloudFront standard logs are delivered with object ACLs, so this bucket keeps ACLs on (private ones).
    this.logs = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucket,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
    });
    Validations.of(this.logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket of the site bucket and the distribution; logging its own access would log the logging.',
    });
    this.bucket = new s3.Bucket(this, 'Pages', {
      ...privateBucket,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 's3/',
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'ofsted-watch site: nothing loads from another host',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, override: true },
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'ofsted-watch: the national site',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      // Without s3:ListBucket, a missing object answers 403: show the site's own 404 page.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(5) })),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Public information about English councils, meant for anyone anywhere: no geographic restriction.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'A static, read-only site of public data with no forms or logins, cached at the edge: a web ACL (from about $5 a month) would cost more than the rest of the deployment and protect nothing it holds.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The distribution uses its default *.cloudfront.net certificate, for which CloudFront sets the minimum viewer TLS version itself; a deployer who adds a domain and certificate sets TLSv1.2_2021 with it (docs/deploy.md).',
      },
    );
  }

  /** The site's https address. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** publish-site may list the bucket and write and remove its objects, nothing else. */
  grantPublish(watch: WatchFunction): void {
    watch.role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    watch.role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [this.bucket.arnForObjects('*')] }));
    const stack = this.bucket.stack;
    const bucketId = stack.resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    Validations.of(watch.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason: 'publish-site writes every page of the site, whose paths are made at build time: the objects of this one bucket.',
    });
  }
}
