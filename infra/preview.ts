/**
 * A stack synthesised without a contact URL (a fresh clone, an offline check)
 * is a preview: its contact URL is a CloudFormation parameter whose default is
 * the placeholder, and a template rule refuses the placeholder. CloudFormation
 * checks rules before it creates or changes anything, so a preview cannot be
 * deployed as it is, whatever warning was acknowledged to get past
 * `cdk deploy --strict`. Setting contactUrl (ofsted-watch.config.json) makes a
 * template with neither.
 */
import { CfnParameter, CfnRule, Fn, type Stack } from 'aws-cdk-lib';
import { PLACEHOLDER_CONTACT_URL } from './config.ts';

export const CONTACT_URL_PARAMETER = 'ContactUrl';
export const CONTACT_URL_RULE = 'ContactUrlIsSet';

/** The contact URL a preview's functions get: the parameter, which may not stay the placeholder. */
export function previewContactUrl(stack: Stack): string {
  const parameter = new CfnParameter(stack, CONTACT_URL_PARAMETER, {
    type: 'String',
    default: PLACEHOLDER_CONTACT_URL,
    description: 'An https page where the people who run the Ofsted and news sites can reach you. Set contactUrl in ofsted-watch.config.json rather than here.',
    allowedPattern: '^https://\\S+$',
  });
  new CfnRule(stack, CONTACT_URL_RULE, {
    assertions: [{
      assert: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, PLACEHOLDER_CONTACT_URL)),
      assertDescription: 'ofsted-watch: contactUrl is not set. This template is a preview: set contactUrl in ofsted-watch.config.json (docs/deploy.md, step 3) and deploy again.',
    }],
  });
  return parameter.valueAsString;
}
