// The launcher's decisions (scripts/run.mjs), without installing anything: which Node is enough, what
// to do about a missing browser, and how the command line is put together.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSERS, browserDecision, nodeIsRecentEnough, parseArguments, shellQuote } from './run.mjs';

const LAUNCHER = path.join(import.meta.dirname, 'run.mjs');
const only = (...paths) => (p) => paths.includes(p);

describe('nodeIsRecentEnough', () => {
  it('takes Node 22 and later, not Debian 12\'s Node 20 or anything unreadable', () => {
    expect(nodeIsRecentEnough('v20.20.2')).toBe(false);
    expect(nodeIsRecentEnough('v18.19.0')).toBe(false);
    expect(nodeIsRecentEnough('v22.0.0')).toBe(true);
    expect(nodeIsRecentEnough('v24.21.0')).toBe(true);
    expect(nodeIsRecentEnough('v100.1.0')).toBe(true);
    expect(nodeIsRecentEnough('')).toBe(false);
  });
});

describe('browserDecision', () => {
  const { chromium, firefox } = BROWSERS;

  it("uses Debian's browser where it is installed, and a configured one instead where set", () => {
    expect(browserDecision(chromium, { isExecutable: only('/usr/bin/chromium'), canInstall: false })).toEqual({ action: 'use', path: '/usr/bin/chromium' });
    expect(browserDecision(chromium, { configured: '/opt/chrome/chrome', isExecutable: only('/opt/chrome/chrome'), canInstall: true })).toEqual({
      action: 'use',
      path: '/opt/chrome/chrome',
    });
  });

  it("installs Debian's package where it can (root on Debian), saying so in one line", () => {
    const d = browserDecision(chromium, { isExecutable: only(), canInstall: true });
    expect(d).toMatchObject({ action: 'install', path: '/usr/bin/chromium' });
    expect(d.line).toBe("Chromium is not installed (no /usr/bin/chromium): installing Debian's chromium package (apt-get update; apt-get install -y chromium), then using /usr/bin/chromium.");
  });

  it("a configured browser that is not there: Debian's is installed and used where it can be", () => {
    const d = browserDecision(chromium, { configured: '/nonexistent', isExecutable: only('/usr/bin/chromium'), canInstall: true });
    expect(d).toMatchObject({ action: 'install', path: '/usr/bin/chromium' });
    expect(d.line).toMatch(/^Chromium is not at CHROMIUM_PATH=\/nonexistent: installing Debian's chromium package/);
  });

  it('stops where it cannot install, with one line naming the package and the variable', () => {
    const d = browserDecision(chromium, { isExecutable: only(), canInstall: false });
    expect(d.action).toBe('stop');
    expect(d.line).toBe(
      "Chromium is not installed (no /usr/bin/chromium). Install Debian's chromium package (sudo apt-get install chromium), or set CHROMIUM_PATH to another Chromium or Chrome, and run this again.",
    );
    const configured = browserDecision(chromium, { configured: '/nonexistent', isExecutable: only('/usr/bin/chromium'), canInstall: false });
    expect(configured).toMatchObject({ action: 'stop' });
    expect(configured.line).toMatch(/^Chromium is not at CHROMIUM_PATH=\/nonexistent\. Install Debian's chromium package/);
  });

  it("Firefox: Debian's firefox-esr and FIREFOX_PATH", () => {
    expect(browserDecision(firefox, { isExecutable: only('/usr/bin/firefox-esr'), canInstall: false })).toEqual({ action: 'use', path: '/usr/bin/firefox-esr' });
    const stop = browserDecision(firefox, { isExecutable: only(), canInstall: false });
    expect(stop.line).toContain('sudo apt-get install firefox-esr');
    expect(stop.line).toContain('set FIREFOX_PATH to another Firefox');
    expect(browserDecision(firefox, { isExecutable: only(), canInstall: true })).toMatchObject({ action: 'install', path: '/usr/bin/firefox-esr' });
  });

  it('every line it says is one line', () => {
    for (const browser of Object.values(BROWSERS)) {
      for (const canInstall of [true, false]) {
        for (const configured of [undefined, '/nonexistent']) {
          const d = browserDecision(browser, { configured, isExecutable: only(), canInstall });
          expect(d.line).not.toContain('\n');
        }
      }
    }
  });
});

describe('parseArguments', () => {
  it('takes the browsers, then the command, with what npm appends after `--` quoted onto its end', () => {
    expect(parseArguments(['--chromium', 'tsx', 'demo/run.ts', '--headless'])).toEqual({ browsers: ['chromium'], commandLine: 'tsx demo/run.ts --headless' });
    expect(parseArguments(['--chromium', '--firefox', 'npm run build && vitest run', 'e2e/a b.e2e.ts'])).toEqual({
      browsers: ['chromium', 'firefox'],
      commandLine: "npm run build && vitest run 'e2e/a b.e2e.ts'",
    });
    expect(parseArguments(['wxt build'])).toEqual({ browsers: [], commandLine: 'wxt build' });
  });

  it('refuses an unknown option or no command', () => {
    expect(() => parseArguments(['--chrome', 'tsx'])).toThrow(/unknown option --chrome/);
    expect(() => parseArguments(['--chromium'])).toThrow(/no command/);
  });
});

describe('shellQuote', () => {
  it('hands sh each word unchanged, whatever it holds', () => {
    const words = ['plain', 'with space', "it's", '$HOME', '`date`', 'a;b&&c', '--flag=x y', ''];
    const sh = spawnSync('sh', ['-c', `printf '%s\\n' ${words.map(shellQuote).join(' ')}`], { encoding: 'utf8' });
    expect(sh.stdout).toBe(words.map((w) => `${w}\n`).join(''));
  });
});

describe('the launcher on a recent Node', () => {
  it("runs the command and ends with the command's exit code", () => {
    const run = spawnSync(process.execPath, [LAUNCHER, 'exit 3'], { encoding: 'utf8' });
    expect(run.status).toBe(3);
    expect(run.stderr).toBe('');
    const echo = spawnSync(process.execPath, [LAUNCHER, 'echo', 'two words'], { encoding: 'utf8' });
    expect(echo.stdout).toBe('two words\n');
  });

  it('a wrong option: one line saying how to use it, exit 2', () => {
    const run = spawnSync(process.execPath, [LAUNCHER, '--chrome', 'true'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
