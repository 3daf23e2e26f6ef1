// npm run test:browser: the browser tests in two vitest runs at once. The 'browser' project runs its
// files one after another (two busy Chromiums would fight over 2 cores); the 'browser-background'
// project holds the file that mostly waits (a tab hidden, and throttled, for 3 minutes), which runs
// beside them instead of adding its minutes to the suite. Its output is printed when it ends; the
// command fails when either run fails. Extra arguments go to both runs (e.g. -t 'a name').
import { spawn } from 'node:child_process';

const extra = process.argv.slice(2);
const vitest = (project, stdio) =>
  spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', project, '--passWithNoTests', ...extra], {
    stdio,
    env: process.env,
  });

const exitOf = (child) => new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const background = vitest('browser-background', ['ignore', 'pipe', 'pipe']);
let backgroundOutput = '';
background.stdout.on('data', (d) => (backgroundOutput += d));
background.stderr.on('data', (d) => (backgroundOutput += d));
const foreground = vitest('browser', 'inherit');

const [fore, back] = await Promise.all([exitOf(foreground), exitOf(background)]);
process.stdout.write(`\n--- browser-background (ran beside the above) ---\n${backgroundOutput}`);
if (fore !== 0 || back !== 0) {
  console.error(`browser tests failed: browser exited ${fore}, browser-background exited ${back}`);
  process.exit(1);
}
