/**
 * The dependency direction of ofsted-watch, checked by `npm test` (npm run deps).
 *
 *   bin -> cli -> devkit -> shared          infra -> functions -> shared
 *
 * shared/ holds what the Lambdas run and never reaches up. Inside shared/,
 * the functional core (parsers, rules, message builders) never imports an
 * adapter (HTTP, DynamoDB, Slack, Secrets Manager): adapters are passed in.
 */

/** The functional core: pure modules, no I/O. */
const PURE = [
  '^shared/domain/',
  '^shared/timing/',
  '^shared/http/(allowlist|robots)[.]ts$',
  '^shared/register/',
  '^shared/reports/',
  '^shared/ofsted-site/',
  '^shared/[a-z-]+/ports[.]ts$',
  '^shared/store/(keys|schema|access|lease)[.]ts$',
  '^shared/crawl/(detect|plan)[.]ts$',
  '^shared/events/merge[.]ts$',
  '^shared/sources/verdicts[.]ts$',
  '^shared/news/(article|attribute|candidates|decide|decode|events|explain|extract|failures|feed|feeds|history|mentions|prefilter|roles|signals|subjects|text|timing|when)[.]ts$',
  '^shared/alerts/(block-kit|default-subscription|delivery-rules|digest-schedule|message|mrkdwn|subscription|subscription-request|thread-reply|webhook-url|wording)[.]ts$',
  '^shared/site/(assets|atom|build|chart|council-page|event-view|headers|hexmap|hexmap[.]data|history|html|index-page|map|measures|open-data|publish|standing)[.]ts$',
  '^shared/slack-app/(command|replies|status)[.]ts$',
];

/** The jobs: orchestration that takes its stores, site and senders as parameters. */
const JOBS = [
  '^shared/crawl/(scan|publication|run)[.]ts$',
  '^shared/news/scan[.]ts$',
  '^shared/sources/check[.]ts$',
  '^shared/alerts/(deliver|delivery-message|fanout|digests|delivery-context|thread-replies)[.]ts$',
  '^shared/slack-app/run[.]ts$',
];

/** Adapters: the modules and packages that do I/O. */
const ADAPTERS = [
  '^shared/http/(client|transport|robots-gate|index)[.]ts$',
  '^shared/store/(client|dynamo|dynamo-lease)[.]ts$',
  '^shared/[a-z-]+/(store|subscription-store|outbox|fanout-cursor|dynamo-stores|sender|bot-sender|secrets|clients)[.]ts$',
  '^shared/slack-app/(bolt-app|response-url|service)[.]ts$',
  '^shared/runtime/',
  '^shared/site/(source|folder-target|s3-target)[.]ts$',
  'node_modules/(@aws-sdk|@slack|undici)/',
  '^node:(fs|net|http|https|child_process|dgram|worker_threads)',
];

module.exports = {
  forbidden: [
    {
      name: 'shared-reaches-up',
      comment: 'shared/ is what the Lambdas run: it must not import the commands, the local stand-ins, the handlers or the CDK app.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(cli|devkit|functions|infra|bin|tests|bench|scripts)/' },
    },
    {
      name: 'functions-reach-sideways',
      comment: 'Lambda handlers run shared/ code only: no CLI, local stand-ins or CDK in a bundle.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(cli|devkit|infra|bin|tests|bench|scripts)/' },
    },
    {
      name: 'infra-reaches-into-tools',
      comment: 'The CDK app reads the function registry and the table schema, never the CLI or the local stand-ins.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^(cli|devkit|bin|tests|bench|scripts)/' },
    },
    {
      name: 'devkit-reaches-up',
      comment: 'The local stand-ins are used by the CLI and tests, not the other way round.',
      severity: 'error',
      from: { path: '^devkit/' },
      to: { path: '^(cli|bin|tests|bench|scripts)/' },
    },
    {
      name: 'pure-imports-adapter',
      comment: 'A pure module (parser, rule, message builder) must not import an adapter (HTTP, DynamoDB, Slack, secrets): take it as a parameter.',
      severity: 'error',
      from: { path: PURE },
      to: { path: ADAPTERS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'job-imports-storage',
      comment: 'A job takes its stores as interfaces (ports.ts): it must not import a DynamoDB store or the AWS SDK.',
      severity: 'error',
      from: { path: JOBS },
      to: { path: ['^shared/store/(client|dynamo)[.]ts$', '^shared/[a-z-]+/(store|subscription-store|outbox|fanout-cursor|dynamo-stores)[.]ts$', 'node_modules/@aws-sdk/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter.',
      severity: 'error',
      from: { path: '^(shared|cli|devkit|functions|infra)/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: false,
    /** TypeScript 7 has no JS API yet; swc parses the sources instead. */
    parser: 'swc',
    combinedDependencies: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
