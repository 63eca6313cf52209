/**
 * The highlights: at most 12 lines first, each with the rule that put it there (its reason on hover and
 * for screen readers) and its source; the full list one click away. Every string is rendered as text.
 */
import { useState } from 'preact/hooks';
import type { RankResult, RankedLine } from '@/utils/highlights/rank';

export function RankedHighlights({ result }: { result: RankResult }) {
  const [showAll, setShowAll] = useState(false);
  const lines = showAll ? result.all : result.firstScreen;
  const more = result.all.length - result.firstScreen.length;
  return (
    <section class="highlights" data-section="highlights" aria-label="Highlights">
      {result.mustSeeNotShown > 0 && !showAll && (
        <p class="notice notice--error" role="alert">
          {result.mustSeeNotShown} more urgent item{result.mustSeeNotShown === 1 ? '' : 's'} below: show all.
        </p>
      )}
      {lines.length === 0 ? (
        <p class="highlights__empty">Nothing recorded that needs attention.</p>
      ) : (
        <ul>
          {lines.map((l) => (
            <HighlightItem key={`${l.ruleId}|${l.id}`} line={l} />
          ))}
        </ul>
      )}
      {more > 0 && (
        <button type="button" class="highlights__more" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
          {showAll ? 'Show the first 12 only' : `Show all (${result.all.length})`}
        </button>
      )}
    </section>
  );
}

function HighlightItem({ line }: { line: RankedLine }) {
  const src = [line.source.type, line.source.date, line.source.organisation].filter(Boolean).join(' · ');
  return (
    <li class={`highlight${line.mustSee ? ' highlight--emphasis' : ''}`} data-rule={line.ruleId} data-source={line.id}>
      <span class="highlight__rule" title={line.why} aria-description={line.why}>
        {line.rule}
        {line.isNew && <strong class="highlight__new"> · New since you last looked</strong>}
      </span>
      <span class="highlight__text">{line.text}</span>
      <span class="highlight__detail">{src}</span>
    </li>
  );
}
