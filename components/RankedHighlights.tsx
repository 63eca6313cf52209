/**
 * The highlights: where the patient is now first, as context (never a highlight); the must-see lines, each tagged with its kind (NHS tags: the kind in words,
 * coloured by kind), resuscitation decisions and safeguarding concerns set apart as warning callouts;
 * then what the caller draws between (the pending tasks); then the rest of the first screen, with the
 * full list one click away, drawn a page at a time (a window read on purpose said as "the 10 most recent of
 * 298", never as a gap); then the latest results, in a section of their own. Each line's rule is there with its reason (on hover
 * and for screen readers) and its sources. Every string is rendered as text; a link (national records)
 * is https only and opens in a new tab.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { RankResult, RankedLine } from '@/utils/highlights/rank';

/** Lines drawn per page of the full list: a record of thousands of lines never draws them all at once. */
export const HIGHLIGHTS_PAGE = 50;

/** Each must-see kind's tag colour (NHS tag colours); the tag's words say the kind, the colour only echoes it. */
const TAG_COLOURS: Record<string, string> = {
  alerts: 'red', allergies: 'red', 'allergy-contradictions': 'red', 'cancel-after-death': 'grey', 'recent-urgent-care': 'orange', 'national-records': 'purple',
  'missed-appointments': 'orange', 'recent-discharge': 'green', 'high-risk-medicines': 'pink', 'critical-results': 'red', 'alert-results': 'orange',
  'significant-problems': 'purple', 'lead-professional': 'blue',
};

const CALLOUT_LABELS = { resuscitation: 'Resuscitation decision', safeguarding: 'Safeguarding' } as const;

export function RankedHighlights({ result, children }: { result: RankResult; children?: ComponentChildren }) {
  const [showAll, setShowAll] = useState(false);
  const [shown, setShown] = useState(HIGHLIGHTS_PAGE);
  const context = result.firstScreen.filter((l) => l.context);
  const mustSee = (showAll ? result.all : result.firstScreen).filter((l) => l.mustSee && !l.context);
  const others = (showAll ? result.all : result.firstScreen).filter((l) => !l.mustSee && !l.context);
  const othersShown = showAll ? others.slice(0, shown) : others;
  const more = result.all.length - result.firstScreen.length;
  const windows = result.windows ?? [];
  const results = result.results ?? [];
  const toggle = more > 0 && (
    <button type="button" class="highlights__more more" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
      {showAll ? `Show the first ${result.firstScreen.length} only` : `Show all (${result.all.length})`}
      <span class="visually-hidden"> lines from the record</span>
    </button>
  );
  return (
    <>
      {context.length > 0 && (
        <section class="context" data-section="context" aria-label="Where the patient is now">
          {context.map((l) => (
            <p key={`${l.ruleId}|${l.id}`} data-rule={l.ruleId} data-source={l.id}>
              <span class="highlight__text">{l.text}</span>
              <span class="highlight__detail">{detailOf(l)}</span>
            </p>
          ))}
        </section>
      )}
      {mustSee.length > 0 && (
        <section class="section highlights" data-section="must-see" aria-labelledby="must-see-heading">
          <h2 id="must-see-heading">Must see</h2>
          {result.mustSeeNotShown > 0 && !showAll && (
            <p class="notice notice--error">
              {result.mustSeeNotShown} more must-see item{result.mustSeeNotShown === 1 ? '' : 's'} not shown here: use “Show all” below.
            </p>
          )}
          <ul>
            {mustSee.map((l) => (
              <HighlightItem key={`${l.ruleId}|${l.id}`} line={l} />
            ))}
          </ul>
        </section>
      )}
      {children}
      <section class="section highlights" data-section="highlights" aria-labelledby="highlights-heading">
        <h2 id="highlights-heading">{mustSee.length ? 'Also in the record' : 'From the record'}</h2>
        {windows.map((w) => (
          <p key={w} class="section__note" data-testid="record-window">
            {w}
          </p>
        ))}
        {othersShown.length === 0 ? (
          <p class="highlights__empty">{mustSee.length ? 'Nothing else on the first screen.' : 'Nothing recorded that needs attention.'}</p>
        ) : (
          <ul>
            {othersShown.map((l) => (
              <HighlightItem key={`${l.ruleId}|${l.id}`} line={l} />
            ))}
          </ul>
        )}
        {showAll && others.length > shown && (
          <button type="button" class="more" data-action="more-highlights" onClick={() => setShown(shown + HIGHLIGHTS_PAGE)}>
            Show {Math.min(HIGHLIGHTS_PAGE, others.length - shown)} more of {others.length - shown}
            <span class="visually-hidden"> lines from the record</span>
          </button>
        )}
        {toggle}
      </section>
      {results.length > 0 && (
        <section class="section highlights" data-section="results" aria-labelledby="results-heading">
          <h2 id="results-heading">Latest results</h2>
          <ul>
            {results.map((l) => (
              <HighlightItem key={`${l.ruleId}|${l.id}`} line={l} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function detailOf(line: RankedLine): string {
  return [line.source.sources?.join(' + '), line.source.type, line.source.date, line.source.organisation].filter(Boolean).join(' · ');
}

function HighlightItem({ line }: { line: RankedLine }) {
  const src = detailOf(line);
  const callout = line.mustSee ? line.callout : undefined;
  const kind = (
    <span class="highlight__rule" title={line.why} aria-description={line.why}>
      {line.mustSee ? <strong class={`tag tag--${TAG_COLOURS[line.ruleId] ?? 'grey'}`}>{line.rule}</strong> : line.rule}
      {line.isNew && <strong class="tag tag--blue highlight__new">New since you last looked</strong>}
    </span>
  );
  return (
    <li class={`highlight${line.mustSee ? ' highlight--must-see' : ''}${callout ? ' callout' : ''}`} data-rule={line.ruleId} data-source={line.id} data-callout={callout}>
      {callout ? (
        <>
          <p class="callout__label" title={line.why} aria-description={line.why}>
            <span class="visually-hidden">Important: </span>
            {CALLOUT_LABELS[callout]}
          </p>
          {line.isNew && kind}
        </>
      ) : (
        kind
      )}
      <span class="highlight__text">{line.text}</span>
      {line.link && safeHttps(line.link) && (
        <a class="highlight__link" href={line.link} target="_blank" rel="noopener noreferrer" data-link="national-record">
          Open<span class="visually-hidden"> {line.text}</span> (new tab)
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
