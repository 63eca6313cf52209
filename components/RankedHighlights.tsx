/**
 * The highlights: the first screen first, each line with the rule that put it there (its reason on hover
 * and for screen readers) and its sources; the full list one click away, drawn a page at a time. Every
 * string is rendered as text; a link (national records) is https only and opens in a new tab.
 */
import { useState } from 'preact/hooks';
import type { RankResult, RankedLine } from '@/utils/highlights/rank';

/** Lines drawn per page of the full list: a record of thousands of lines never draws them all at once. */
export const HIGHLIGHTS_PAGE = 50;

export function RankedHighlights({ result }: { result: RankResult }) {
  const [showAll, setShowAll] = useState(false);
  const [shown, setShown] = useState(HIGHLIGHTS_PAGE);
  const lines = showAll ? result.all.slice(0, shown) : result.firstScreen;
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
      {showAll && result.all.length > shown && (
        <button type="button" class="highlights__more" data-action="more-highlights" onClick={() => setShown(shown + HIGHLIGHTS_PAGE)}>
          Show {Math.min(HIGHLIGHTS_PAGE, result.all.length - shown)} more of {result.all.length - shown}
        </button>
      )}
      {more > 0 && (
        <button type="button" class="highlights__more" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
          {showAll ? `Show the first ${result.firstScreen.length} only` : `Show all (${result.all.length})`}
        </button>
      )}
    </section>
  );
}

function HighlightItem({ line }: { line: RankedLine }) {
  const src = [line.source.sources?.join(' + '), line.source.type, line.source.date, line.source.organisation].filter(Boolean).join(' · ');
  return (
    <li class={`highlight${line.mustSee ? ' highlight--emphasis' : ''}`} data-rule={line.ruleId} data-source={line.id}>
      <span class="highlight__rule" title={line.why} aria-description={line.why}>
        {line.rule}
        {line.isNew && <strong class="highlight__new"> · New since you last looked</strong>}
      </span>
      <span class="highlight__text">{line.text}</span>
      {line.link && safeHttps(line.link) && (
        <a class="highlight__link" href={line.link} target="_blank" rel="noopener noreferrer" data-link="national-record">
          Open (new tab)
        </a>
      )}
      <span class="highlight__detail">{src}</span>
    </li>
  );
}

/** Checked again where it is drawn: only an https link is ever a link. */
function safeHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
