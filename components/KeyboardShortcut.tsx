/**
 * The keyboard shortcut that opens Alongside (the manifest's `commands`), as the browser has it now: the
 * clinician may have changed it, or another extension may have taken it, so it is read, never assumed.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

/** The commands that open the panel: the toolbar button's action (Chrome, Edge), the sidebar (Firefox). */
const OPEN_COMMANDS = ['_execute_action', '_execute_sidebar_action'];

export function KeyboardShortcut() {
  // undefined while reading; '' when no shortcut is set.
  const [shortcut, setShortcut] = useState<string>();
  useEffect(() => {
    void browser.commands
      .getAll()
      .then((commands) => setShortcut(commands.find((c) => OPEN_COMMANDS.includes(c.name ?? ''))?.shortcut ?? ''))
      .catch(() => setShortcut(''));
  }, []);
  const firefox = import.meta.env.FIREFOX;
  // Firefox 137 and later open their own shortcut settings; Chrome and Edge have a page for them; an
  // older Firefox is told where to look.
  const commands = browser.commands as unknown as { openShortcutSettings?: () => Promise<void> };
  const openSettings = typeof commands.openShortcutSettings === 'function';
  const change = () => {
    if (openSettings) void commands.openShortcutSettings!();
    else void browser.tabs.create({ url: navigator.userAgent.includes('Edg/') ? 'edge://extensions/shortcuts' : 'chrome://extensions/shortcuts' });
  };
  if (shortcut === undefined) return null;
  return (
    <section class="section" aria-labelledby="shortcut-heading" data-section="keyboard-shortcut">
      <h2 id="shortcut-heading">Keyboard shortcut</h2>
      {shortcut ? (
        <p>
          Press <kbd data-testid="shortcut">{shortcut}</kbd> to open Alongside beside your EPR{firefox ? ' (and again to close it)' : ''}.
        </p>
      ) : (
        <p data-testid="shortcut">No keyboard shortcut is set for Alongside: another extension may have taken it. You can set one.</p>
      )}
      {firefox && !openSettings ? (
        <p>To change it: Add-ons and themes (about:addons), the settings button, then Manage Extension Shortcuts.</p>
      ) : (
        <p>
          <button type="button" onClick={change}>
            Change the shortcut<span class="visually-hidden"> that opens Alongside</span>
          </button>
        </p>
      )}
    </section>
  );
}
