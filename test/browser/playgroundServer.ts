/**
 * Starts the real `nabla playground` command (bin/nabla.js, the compiled CLI) for the
 * playground's browser test and reads the URL it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/nabla.js', import.meta.url));

export interface RunningPlayground {
  readonly url: URL;
  readonly child: ChildProcess;
  /** Everything the command printed so far. */
  output(): string;
  /** Sends Ctrl-C (SIGINT) and resolves with the exit status. */
  interrupt(): Promise<number | null>;
}

export function startPlayground(args: readonly string[] = []): Promise<RunningPlayground> {
  const child = spawn(process.execPath, [BIN, 'playground', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nabla playground printed no URL in 20 s; stdout: ${stdout} stderr: ${stderr}`));
    }, 20_000);
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /(http:\/\/\S+\/)/.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        url: new URL(match[1]),
        child,
        output: () => stdout + stderr,
        interrupt: () => {
          child.kill('SIGINT');
          return exited;
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nabla playground exited with ${code} before printing its URL: ${stderr}`));
    });
  });
}
