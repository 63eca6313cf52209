/** Flag: an alert, read by what it means (its code, category and words), safeguarding by published codes first. */
import type { Flag } from '@medplum/fhirtypes';
import { flagMeaning, safeguardingMeaning } from '@/utils/vocabulary';
import { clip, readableText } from '../context';
import type { ResourceReader } from '../collected';
import { flagStatus } from '../statuses';
import { safeguardingKind } from './safeguarding';

export const readFlag: ResourceReader = (r, { part, now, patient, into, cantRead }) => {
  const verdict = flagStatus(r as { status?: unknown; period?: { end?: string } }, now);
  if (!verdict.keep) return;
  const flag = r as unknown as Flag;
  const text = readableText(flag.code)?.replace(/^alert\s*:\s*/i, '').trim() || undefined;
  if (!text) cantRead('an alert with no words');
  const sg = safeguardingMeaning([...(flag.code ? [flag.code] : []), ...(flag.category ?? [])], patient, now);
  const meaning = flagMeaning(flag);
  // A published safeguarding code or term decides, whatever the flag's other words suggest.
  const kind = sg ? safeguardingKind(sg) : meaning.kind;
  into.alerts.push({
    ...part.item(r, verdict, flag.period?.start, part.name(flag.author)),
    text: clip(text) ?? sg?.label ?? 'Alert with no description',
    kind,
    kindLabel: sg ? sg.label : meaning.label,
    mustSee: sg ? true : meaning.mustSee,
    since: flag.period?.start,
    from: 'Flag',
  });
};
