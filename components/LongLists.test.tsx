// @vitest-environment happy-dom
/**
 * Attack 6, in the panel: however long a record's lists, the panel draws them a page at a time.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import type { RankResult, RankedLine } from '@/utils/highlights/rank';
import type { TaskLine } from '@/utils/tasks/pending-tasks';
import { HIGHLIGHTS_PAGE, RankedHighlights } from './RankedHighlights';
import { TASKS_PAGE, TaskList } from './TaskList';

const line = (i: number): RankedLine => ({
  id: `Task/t${i}`, text: `Task ${i}.`, ruleId: 'pending-tasks', rule: 'Pending task', why: 'Work waiting.', source: { type: 'Task', sources: ['Shared record'] }, mustSee: false, isNew: false,
});

describe('attack 6: long lists are drawn a page at a time', () => {
  it('attack 6: 5,000 highlights draw the first screen, then 50 at a time', () => {
    const all = Array.from({ length: 5_000 }, (_, i) => line(i));
    const result: RankResult = { firstScreen: all.slice(0, 12), all, mustSeeNotShown: 0, results: [], windows: [] };
    const root = document.createElement('div');
    render(<RankedHighlights result={result} />, root);
    expect(root.querySelectorAll('li.highlight')).toHaveLength(12);
    void act(() => (root.querySelector('.highlights__more') as HTMLButtonElement).click());
    expect(root.querySelectorAll('li.highlight')).toHaveLength(HIGHLIGHTS_PAGE);
    void act(() => (root.querySelector('[data-action="more-highlights"]') as HTMLButtonElement).click());
    expect(root.querySelectorAll('li.highlight')).toHaveLength(2 * HIGHLIGHTS_PAGE);
    expect(root.textContent).toContain(`Show ${HIGHLIGHTS_PAGE} more of ${5_000 - 2 * HIGHLIGHTS_PAGE}`);
  });

  it('attack 6: 5,000 pending tasks draw 20 at a time, the count saying how many there are', () => {
    const tasks: TaskLine[] = Array.from({ length: 5_000 }, (_, i) => ({ id: `t${i}`, text: `Task ${i}`, status: 'requested', overdue: false }));
    const root = document.createElement('div');
    render(<TaskList tasks={tasks} now={new Date()} />, root);
    expect(root.querySelectorAll('li.task')).toHaveLength(TASKS_PAGE);
    expect(root.querySelector('h2')!.textContent).toBe('Pending tasks (5000)');
    void act(() => (root.querySelector('[data-action="more-tasks"]') as HTMLButtonElement).click());
    expect(root.querySelectorAll('li.task')).toHaveLength(2 * TASKS_PAGE);
  });

  it('a national record link is drawn only when it is https, and opens in a new tab', () => {
    const result: RankResult = {
      firstScreen: [
        { ...line(1), id: 'nrl:DocumentReference/a', link: 'https://records.example.nhs.uk/respect/1' },
        { ...line(2), id: 'nrl:DocumentReference/b', link: 'javascript:alert(1)' },
      ],
      all: [],
      mustSeeNotShown: 0, results: [], windows: [],
    };
    const root = document.createElement('div');
    render(<RankedHighlights result={result} />, root);
    const links = [...root.querySelectorAll('a.highlight__link')];
    expect(links.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).toEqual([['https://records.example.nhs.uk/respect/1', '_blank', 'noopener noreferrer']]);
  });
});
