#!/usr/bin/env node
/**
 * The npm scripts' launcher: makes sure what a command needs is on this machine, then runs it.
 *
 *   node scripts/run.mjs [--chromium] [--firefox] <command line> [args…]
 *
 * - `--chromium` / `--firefox`: the browser the command drives. Missing (not at CHROMIUM_PATH /
 *   FIREFOX_PATH, else Debian's path): installs Debian's package where it can (root on Debian), else
 *   stops, saying what to install.
 * - Node older than 22 (WXT, Vitest, Puppeteer and Medplum need 22; Debian 12 ships 20): fetches Node 24
 *   from the npm registry into .tools/node24 once, as .ci/run does, and runs again with it first on PATH,
 *   so every `node`, `npx` and `npm` below it is Node 24.
 *
 * Each of these is said in one line; nothing else is printed unless something fails. Plain JavaScript
 * with no dependencies, because it runs on the old Node it replaces.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The oldest Node the toolchain runs on (package.json `engines`). */
export const MIN_NODE_MAJOR = 22;
/** The Node fetched where the machine's is older, and where it goes (git-ignored). */
export const FETCHED_NODE = { spec: 'node@24', prefix: '.tools/node24', bin: '.tools/node24/node_modules/.bin' };

/** The browsers commands can need: where Debian puts them, its package, the variable naming another. */
export const BROWSERS = {
  chromium: { name: 'Chromium', envVar: 'CHROMIUM_PATH', debianPath: '/usr/bin/chromium', debianPackage: 'chromium', other: 'Chromium or Chrome' },
  firefox: { name: 'Firefox', envVar: 'FIREFOX_PATH', debianPath: '/usr/bin/firefox-esr', debianPackage: 'firefox-esr', other: 'Firefox' },
};

/**
 * Whether this Node can run the toolchain.
 *
 * @param version - `process.version`, e.g. `v20.20.2`
 */
export function nodeIsRecentEnough(version) {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  return Number.isInteger(major) && major >= MIN_NODE_MAJOR;
}

/**
 * What to do about one browser, decided from what the machine has (no side effects).
 *
 * @param browser - an entry of {@link BROWSERS}
 * @param machine.configured - the browser variable's value (`CHROMIUM_PATH`), when set
 * @param machine.isExecutable - whether a path is an executable file
 * @param machine.canInstall - root on Debian with apt-get: the package can be installed here
 * @returns `use` a path; `install` Debian's package, then use its path; or `stop`, with the line to say
 */
export function browserDecision(browser, { configured, isExecutable, canInstall }) {
  const wanted = configured || browser.debianPath;
  if (isExecutable(wanted)) return { action: 'use', path: wanted };
  const missing = configured ? `${browser.name} is not at ${browser.envVar}=${configured}` : `${browser.name} is not installed (no ${browser.debianPath})`;
  const what = `Debian's ${browser.debianPackage} package`;
  if (canInstall) {
    return {
      action: 'install',
      path: browser.debianPath,
      line: `${missing}: installing ${what} (apt-get update; apt-get install -y ${browser.debianPackage}), then using ${browser.debianPath}.`,
    };
  }
  return { action: 'stop', line: `${missing}. Install ${what} (sudo apt-get install ${browser.debianPackage}), or set ${browser.envVar} to another ${browser.other}, and run this again.` };
}

/**
 * The browsers named on the command line, and the command with its arguments. The command is a shell
 * command line (it may hold `&&`); what npm appends after `--` is quoted onto its end, as npm would.
 */
export function parseArguments(argv) {
  const browsers = [];
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('--'); i++) {
    const name = argv[i].slice(2);
    if (!(name in BROWSERS)) throw new UsageError(`unknown option ${argv[i]} (the browsers are ${Object.keys(BROWSERS).map((b) => `--${b}`).join(', ')})`);
    browsers.push(name);
  }
  const [command, ...args] = argv.slice(i);
  if (!command) throw new UsageError('no command given');
  return { browsers, commandLine: [command, ...args.map(shellQuote)].join(' ') };
}

class UsageError extends Error {}

/** One word for sh, whatever it holds. */
export function shellQuote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.error(`alongside: ${line}`);

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, command)));
}

/** The fetched Node's version, or undefined when it is not there or does not run. */
function fetchedNodeVersion(node) {
  if (!isExecutable(node)) return undefined;
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The last line a failed command printed, to say why it failed. */
function lastLine(text) {
  return String(text ?? '').trim().split('\n').filter(Boolean).pop() ?? '';
}

/** Runs this launcher again under Node 24 (fetched first if need be), with the browsers found; returns its exit code. */
async function rerunWithFetchedNode(browserEnv) {
  const node = path.join(ROOT, FETCHED_NODE.bin, 'node');
  let version = fetchedNodeVersion(node);
  if (version && nodeIsRecentEnough(version)) {
    say(`Node ${process.version} is older than the ${MIN_NODE_MAJOR} this project needs: running with Node ${version} from ${FETCHED_NODE.prefix}.`);
  } else {
    say(`Node ${process.version} is older than the ${MIN_NODE_MAJOR} this project needs: fetching Node 24 from the npm registry into ${FETCHED_NODE.prefix} (once) and running with it.`);
    // The npm that runs this script, on this Node (npm sets npm_execpath); else the one on PATH.
    const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
    const install = spawnSync(npm[0], [...npm.slice(1), 'install', '--prefix', FETCHED_NODE.prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', FETCHED_NODE.spec], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    version = fetchedNodeVersion(node);
    if (install.status !== 0 || !version || !nodeIsRecentEnough(version)) {
      const why = install.error?.message ?? (lastLine(install.stderr) || `npm install exited ${install.status}`);
      say(`Fetching Node 24 failed (${why}). Install Node ${MIN_NODE_MAJOR} or later (Node 24 is what CI uses) and run this again.`);
      return 1;
    }
  }
  const env = { ...process.env, ...browserEnv, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`, npm_node_execpath: node };
  return runToExit(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { env });
}

/** Makes sure each browser is there; returns the variables pointing at them, or undefined after saying why not. */
function ensureBrowsers(names) {
  const env = {};
  const canInstall = process.getuid?.() === 0 && existsSync('/etc/debian_version') && onPath('apt-get');
  for (const name of names) {
    const browser = BROWSERS[name];
    const configured = process.env[browser.envVar] || undefined;
    const decision = browserDecision(browser, { configured, isExecutable, canInstall });
    if (decision.action === 'stop') {
      say(decision.line);
      return undefined;
    }
    if (decision.action === 'install') {
      say(decision.line);
      const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      for (const args of [['update', '-qq'], ['install', '-y', '-qq', browser.debianPackage]]) {
        const apt = spawnSync('apt-get', args, { encoding: 'utf8', env: aptEnv, stdio: ['ignore', 'ignore', 'pipe'] });
        if (apt.status !== 0) {
          say(`apt-get ${args[0]} failed (${lastLine(apt.stderr) || `exit ${apt.status}`}). Install Debian's ${browser.debianPackage} package, or set ${browser.envVar} to another ${browser.other}, and run this again.`);
          return undefined;
        }
      }
      if (!isExecutable(decision.path)) {
        say(`Debian's ${browser.debianPackage} package was installed but ${decision.path} is not there. Set ${browser.envVar} to a ${browser.other} and run this again.`);
        return undefined;
      }
    }
    env[browser.envVar] = decision.path;
  }
  return env;
}

/** Runs a command with the terminal, passing on stop signals; resolves with its exit code. */
function runToExit(file, args, options) {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'inherit', ...options });
    // Ctrl-C reaches the whole foreground process group, the command included: wait for it to stop.
    // A SIGTERM or SIGHUP sent to this process alone is passed on.
    const ignore = () => {};
    const pass = (signal) => child.kill(signal);
    process.on('SIGINT', ignore);
    process.on('SIGTERM', pass);
    process.on('SIGHUP', pass);
    child.on('error', (err) => {
      say(`could not start ${file}: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', pass);
      process.off('SIGHUP', pass);
      // 128 + the signal's number, as a shell reports a command killed by a signal.
      resolve(code ?? 128 + (os.constants.signals[signal] ?? 0));
    });
  });
}

async function main() {
  let parsed;
  try {
    parsed = parseArguments(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    say(`scripts/run.mjs: ${err.message}. Use: node scripts/run.mjs [--chromium] [--firefox] <command> [args…]`);
    return 2;
  }
  // Browsers first: a machine that cannot have one is told so before Node 24 is fetched for nothing.
  const browserEnv = ensureBrowsers(parsed.browsers);
  if (!browserEnv) return 1;
  if (!nodeIsRecentEnough(process.version)) return rerunWithFetchedNode(browserEnv);
  return runToExit(parsed.commandLine, [], { cwd: process.cwd(), shell: true, env: { ...process.env, ...browserEnv } });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
