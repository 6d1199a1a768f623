/**
 * A schema problem as one line that names where it is: the environment
 * variable or the CDK context key, then the path inside a JSON value. Our
 * messages start with their own separator (" is not set", ": …"); valibot's
 * own get ": " before them.
 */
import * as v from 'valibot';

export function issueProblem(name: string, issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  const message = /^[ :]/.test(issue.message) ? issue.message : `: ${issue.message}`;
  return `${name}${path ? `.${path}` : ''}${message}`;
}
