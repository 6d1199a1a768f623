// cdk-nag is CommonJS whose exports Node cannot detect statically, so named ESM
// imports fail at run time; take them off the default export once, here.
import cdkNag from 'cdk-nag';

export const { AwsSolutionsChecks } = cdkNag;
