/**
 * List: an allergy list that is empty says "no known allergies" (emptyReason `nilknown`) or "not
 * recorded" (any other reason); a list naming entries the record does not hold says they were not read.
 */
import type { List } from '@medplum/fhirtypes';
import type { ResourceReader } from '../collected';
import { statusCode } from '../statuses';

/** Allergy-list code in UK records: "Allergies and adverse reaction" (GP Connect List.code). */
const ALLERGY_LIST_CODES = new Set(['886921000000105']);
/** List.emptyReason codes that mean "none known" rather than "not recorded" (HL7 list-empty-reason and CareConnect). */
const NIL_KNOWN = new Set(['nilknown', 'nil-known']);

export const readList: ResourceReader = (r, { part, into, cantRead }) => {
  const list = r as unknown as List;
  for (const entry of list.entry ?? []) {
    if (!part.holds(entry.item?.reference, r)) cantRead(`a list entry that was not sent (${entry.item?.reference ?? 'no reference'})`);
  }
  const isAllergyList = (list.code?.coding ?? []).some((c) => c.code && ALLERGY_LIST_CODES.has(c.code)) || /allerg/i.test(list.title ?? '');
  if (!isAllergyList || (list.entry ?? []).length > 0 || !list.emptyReason) return;
  const reason = statusCode(list.emptyReason);
  const origin = part.origin(r, list.date);
  if (reason && NIL_KNOWN.has(reason)) into.noneKnown.push({ origin, text: 'No known allergies' });
  else into.notRecorded ??= origin;
};
