import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../cli/publish-sample.ts', import.meta.url));

describe('npm run sample-events on the command line', () => {
  it('prints its usage for --help and publishes nothing', async () => {
    const { stdout } = await run(process.execPath, [script, '--help']);
    expect(stdout).toContain('npm run sample-events -- [--endpoint http://127.0.0.1:4010]');
  });

  it('refuses an unknown option with exit code 2, the reason and the usage, without a stack trace', async () => {
    const failure = await run(process.execPath, [script, '--bogus']).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 2 });
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr).toContain("sample-events: Unknown option '--bogus'");
    expect(stderr).toContain('--no-consent');
    expect(stderr).not.toContain('    at ');
  });
});
