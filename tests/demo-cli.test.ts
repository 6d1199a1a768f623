import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';

describe('ofsted-watch demo (npm run demo)', () => {
  it('records a baseline quietly, alerts once on the Stockton-on-Tees downgrade, then finds nothing new', async () => {
    const result = await runCli(['demo']);
    expect(result.status, result.stderr).toBe(0);
    const [baseline, , live, again] = result.stdout.split(/\n(?=\d\. )/).slice(1);
    expect(baseline).toMatch(/153 councils listed, 28 reports recorded, 4 anomalies .*; 0 Slack messages/);
    expect(live).toMatch(/1 new report recorded, 1 event, 1 Slack message sent/);
    expect(live).toMatch(/# .*Stockton-on-Tees: downgraded to Requires improvement/);
    expect(live).toMatch(/Before\*\n\s+Good/);
    expect(again).toMatch(/0 new reports, 0 events, 0 messages; 2 requests to the Ofsted site \(the listing\)/);
    expect(result.stdout).toMatch(/Done: 1 alert delivered in all/);
    // The webhook's secret path never reaches the terminal.
    expect(result.stdout).not.toMatch(/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{8,}/);
  });

  it('has --help', async () => {
    const result = await runCli(['demo', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/no AWS account and no internet/);
  });
});
