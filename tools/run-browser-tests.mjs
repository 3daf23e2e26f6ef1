// npm run test:browser: the browser tests in three vitest runs at once, each running its files one
// after another: 'browser' (the screens; its output is shown as it runs), 'browser-timing' (audio,
// loop latency, sample loss under load) and 'browser-background' (a tab hidden, and throttled, for 3
// minutes: it mostly waits). The lanes are in vite.config.ts. The other two runs' output is printed
// when they end; the command fails when any run fails. Extra arguments go to every run (e.g. -t 'a
// name', or a file: a run whose lane holds none of the files given passes with no tests).
import { spawn } from 'node:child_process';

const extra = process.argv.slice(2);
const vitest = (project, stdio) =>
  spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', project, '--passWithNoTests', ...extra], {
    stdio,
    env: process.env,
  });

const exitOf = (child) => new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

/** A run whose output is kept and printed after the shown run ends. */
function buffered(project) {
  const child = vitest(project, ['ignore', 'pipe', 'pipe']);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return { project, exit: exitOf(child), output: () => output };
}

const lanes = [buffered('browser-timing'), buffered('browser-background')];
const shown = exitOf(vitest('browser', 'inherit'));

const codes = { browser: await shown };
for (const lane of lanes) {
  codes[lane.project] = await lane.exit;
  process.stdout.write(`\n--- ${lane.project} (ran beside the above) ---\n${lane.output()}`);
}
const failed = Object.entries(codes).filter(([, code]) => code !== 0);
if (failed.length) {
  console.error(`browser tests failed: ${failed.map(([project, code]) => `${project} exited ${code}`).join(', ')}`);
  process.exit(1);
}
