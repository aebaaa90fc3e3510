import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const MOTO_MISSING = "moto_server not found: pip install 'moto[server]'";

export interface MotoServer {
  /** `http://127.0.0.1:<port>`: an IP address, so the S3 client uses path-style URLs. */
  endpoint: string;
  stop(): Promise<void>;
}

/** A free loopback port: bind port 0, read the port the kernel chose, release it. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/moto-api/data.json`)).ok;
  } catch {
    return false;
  }
}

/**
 * Starts `moto_server` on a free loopback port and waits until it answers. A missing executable (ENOENT) or a pyenv
 * shim without moto behind it (exit 127) fails with {@link MOTO_MISSING}.
 */
export async function startMotoServer(
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...options.env, PYTHONUNBUFFERED: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<Error>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ENOENT' ? new Error(MOTO_MISSING) : error),
    );
    child.once('exit', (code) =>
      resolve(new Error(code === 127 ? MOTO_MISSING : `moto_server exited with ${code}: ${stderr.trim()}`)),
    );
  });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let failure: Error | undefined;
  void exited.then((error) => {
    failure = error;
  });
  while (!(await answers(endpoint))) {
    if (failure) throw failure;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not answer on ${endpoint} within ${options.timeoutMs ?? 30_000} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** moto's own API (not an AWS service): reset every backend, or switch IAM enforcement on and off. */
export const motoApi = {
  async reset(endpoint: string): Promise<void> {
    await expectOk(await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' }), 'reset');
  },
  /**
   * `INITIAL_NO_AUTH_ACTION_COUNT` at run time: moto authenticates every request after `count` more unauthenticated
   * ones (0 = from now on; Infinity = never, moto's default).
   */
  async authenticateAfter(endpoint: string, count: number): Promise<void> {
    const body = Number.isFinite(count) ? String(count) : 'inf';
    await expectOk(await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body }), 'reset-auth');
  },
  async modelData(endpoint: string): Promise<Record<string, Record<string, Array<Record<string, unknown>>>>> {
    const response = await fetch(`${endpoint}/moto-api/data.json`);
    await expectOk(response, 'data.json');
    return (await response.json()) as Record<string, Record<string, Array<Record<string, unknown>>>>;
  },
};

async function expectOk(response: Response, what: string): Promise<void> {
  if (!response.ok) throw new Error(`moto-api ${what}: HTTP ${response.status} ${await response.text()}`);
}
