// Launches headless Chromium so that Web Serial sees an emulated serial device (recipe verified in
// shared/notes/devices.md §4.3 and §7). Chromium lists only udev tty devices of a "serial" driver
// (never /dev/pts/*), so inside a private mount namespace we bind-mount the emulator's pty over
// /dev/ttyS0, and bind-mount a private copy of /etc/chromium whose managed policy
// SerialAllowAllPortsForUrls grants the page's origin every port (no chooser, which never resolves
// headless). Nothing outside the namespace changes. NEEDS ROOT (mount namespaces + bind mounts) and a
// /dev/ttyS0 listed in /proc/tty/drivers; the error says which part is missing.
import { chromium, type BrowserContext } from 'playwright-core';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumArgs, findChromium } from './harness.ts';

/** Explains what the host lacks for serial emulation, or returns null when it is ready. */
export function serialEmulationProblem(): string | null {
  if (process.getuid?.() !== 0) return 'the Web Serial browser tests need root (mount namespace + bind mount); run them as root (CI does)';
  if (!existsSync('/dev/ttyS0')) return 'the Web Serial browser tests need a /dev/ttyS0 device node to bind-mount the emulator pty over';
  if (!/^serial\s+\/dev\/ttyS/m.test(readFileSync('/proc/tty/drivers', 'utf8')))
    return 'the Web Serial browser tests need the kernel "serial" tty driver (/proc/tty/drivers)';
  return null;
}

export interface SerialBrowser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** Starts Chromium with `ptyPath` appearing as /dev/ttyS0 and serial access allowed for `origin`. */
export async function launchChromiumWithSerialPort(ptyPath: string, origin: string): Promise<SerialBrowser> {
  const problem = serialEmulationProblem();
  if (problem) throw new Error(problem);
  const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-serial-'));
  const etc = path.join(dir, 'etc-chromium');
  if (existsSync('/etc/chromium')) cpSync('/etc/chromium', etc, { recursive: true });
  mkdirSync(path.join(etc, 'policies/managed'), { recursive: true });
  writeFileSync(path.join(etc, 'policies/managed/clisonix-serial-test.json'), JSON.stringify({ SerialAllowAllPortsForUrls: [origin] }));
  const wrapper = path.join(dir, 'chromium-in-namespace.sh');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec unshare -m --propagation private sh -c 'mount --bind "${ptyPath}" /dev/ttyS0 && mount --bind "${etc}" /etc/chromium && exec "${findChromium()}" "$@"' chromium "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), { executablePath: wrapper, headless: true, args: chromiumArgs });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
