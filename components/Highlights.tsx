import type { HighlightLine, RecordSummary } from '@/utils/highlights/summarise-record';

/** The record's highlights, most urgent first. Every string is rendered as text, never as HTML. */
export function Highlights({ summary }: { summary: RecordSummary }) {
  const now = [summary.whereNow, ...summary.recentEvents].filter((l): l is HighlightLine => Boolean(l));
  return (
    <div class="highlights">
      <Section title="Alerts" lines={summary.alerts} empty="No active alerts" id="alerts" />
      <Section title="Allergies" lines={summary.allergies} empty="No allergies recorded" id="allergies" />
      <Section title="Where the patient is now" lines={now} empty="No admission or appointment recorded" id="where-now" />
      <Section title="Lead professional" lines={summary.leadProfessional ? [summary.leadProfessional] : []} empty="No care team recorded" id="lead" />
      <Section title="Active problems" lines={summary.problems} empty="None recorded" id="problems" />
      <Section title="Current medicines" lines={summary.medicines} empty="None recorded" id="medicines" />
      <Section title="Recent encounters" lines={summary.encounters} empty="None recorded" id="encounters" />
    </div>
  );
}

function Section(props: { title: string; lines: HighlightLine[]; empty: string; id: string }) {
  return (
    <section class="highlights__section" data-section={props.id}>
      <h2>{props.title}</h2>
      {props.lines.length === 0 ? (
        <p class="highlights__empty">{props.empty}</p>
      ) : (
        <ul>
          {props.lines.map((line) => (
            <li key={line.id} class={line.emphasis ? 'highlight highlight--emphasis' : 'highlight'}>
              <span class="highlight__text">{line.text}</span>
              {line.detail && <span class="highlight__detail">{line.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
