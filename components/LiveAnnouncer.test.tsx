// @vitest-environment happy-dom
/**
 * What the live log says, and when: a view once it settles, never the same view twice running, a notice
 * once for the life of the page. (In the built extension, with real patient changes: e2e/keyboard.e2e.ts.)
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { announce, LiveAnnouncer, resetAnnouncements, useAnnouncement, VIEW_SETTLES_MS } from './LiveAnnouncer';

let root: HTMLElement;
const said = () => [...root.querySelectorAll('[role="log"] p')].map((p) => p.textContent);
const settle = () => act(() => void vi.advanceTimersByTime(VIEW_SETTLES_MS + 1));

beforeEach(async () => {
  vi.useFakeTimers();
  resetAnnouncements();
  root = document.createElement('div');
  await act(() => render(<LiveAnnouncer />, root));
});
afterEach(() => {
  render(null, root);
  vi.useRealTimers();
});

describe('the live log', () => {
  it('says a view once it has settled, and not again while it stays the same', async () => {
    await act(() => announce('view', 'patient|a', 'Showing A.'));
    expect(said()).toEqual([]);
    await settle();
    expect(said()).toEqual(['Showing A.']);
    await act(() => announce('view', 'patient|a', 'Showing A.'));
    await settle();
    expect(said()).toEqual(['Showing A.']);
  });

  it('says nothing of the states passed through on the way (leaving one page, loading the next)', async () => {
    await act(() => announce('view', 'patient|a', 'Showing A.'));
    await settle();
    await act(() => announce('view', 'no-patient|left', 'No patient in view.'));
    await act(() => void vi.advanceTimersByTime(VIEW_SETTLES_MS / 2));
    await act(() => announce('view', 'patient|a', 'Showing A.'));
    await settle();
    await act(() => announce('view', 'patient|b', 'Showing B.'));
    await settle();
    expect(said()).toEqual(['Showing B.']);
  });

  it('stops what a view was about to say when it starts loading', async () => {
    function Loading() {
      useAnnouncement('view', undefined, '');
      return null;
    }
    const other = document.createElement('div');
    await act(() => announce('view', 'no-patient|left', 'No patient in view.'));
    await act(() => render(<Loading />, other));
    await settle();
    expect(said()).toEqual([]);
  });

  it('withdraws every line said about one view as soon as another is drawn, before it settles', async () => {
    await act(() => announce('view', 'patient|a', 'Showing A, NHS No. 999 000 0001.'));
    await settle();
    await act(() => announce('action', 'a-task|1', 'Completed: A\'s review.'));
    expect(said()).toHaveLength(2);
    await act(() => announce('view', 'patient|a', 'Showing A, NHS No. 999 000 0001.'));
    expect(said()).toHaveLength(2);
    announce('view', 'patient|b', 'Showing B.');
    expect(said()).toEqual([]);
    await settle();
    expect(said()).toEqual(['Showing B.']);
  });

  it('withdraws them when the next view starts loading', async () => {
    await act(() => announce('view', 'patient|a', 'Showing A.'));
    await settle();
    function Loading() {
      useAnnouncement('view', undefined, '');
      return null;
    }
    await act(() => render(<Loading />, document.createElement('div')));
    expect(said()).toEqual([]);
  });

  it('says a notice once for the life of the page, however often it is drawn, and keeps only the last few lines', async () => {
    for (let i = 0; i < 3; i++) await act(() => announce('notice', 'n1', 'New notice.'));
    expect(said()).toEqual(['New notice.']);
    for (let i = 2; i <= 7; i++) await act(() => announce('notice', `n${i}`, `Notice ${i}.`));
    expect(said()).toEqual(['Notice 3.', 'Notice 4.', 'Notice 5.', 'Notice 6.', 'Notice 7.']);
  });
});
