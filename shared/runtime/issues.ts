/**
 * A schema problem as one line that names where it is: the environment
 * variable or the CDK context key, then the path inside a JSON value (list
 * positions left out: the message quotes the value). Our messages start with
 * their own separator (" is not set", ": …", ".field …"); valibot's own get
 * ": " before them. A name ending in ":" or ": " (a context prefix, a file's
 * name) takes the path without a dot.
 */
import * as v from 'valibot';

export function issueProblem(name: string, issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((item) => item.key).filter((key) => typeof key === 'string').join('.');
  const message = /^[ :.]/.test(issue.message) ? issue.message : `: ${issue.message}`;
  const joined = !path ? name.replace(/: $/, '') : !name || /: ?$/.test(name) ? `${name}${path}` : `${name}.${path}`;
  return `${joined}${message}`;
}

/** A pipe step: the value read by a parser of ours (e.g. parseFeedsConfig), whose thrown message becomes the problem. */
export function parsedWith<I, T>(parse: (value: I) => T, what?: string) {
  return v.rawTransform<I, T>(({ dataset, addIssue, NEVER }) => {
    try {
      return parse(dataset.value);
    } catch (error) {
      addIssue({ message: `: ${(error as Error).message}${what ? ` (${what})` : ''}` });
      return NEVER;
    }
  });
}
