/**
 * The headings under which letters ask things, and what each asks: the whole vocabulary that decides
 * whether a line of a letter is an action for a healthcare professional. Headings are compared without
 * case, spacing, leading numbering or a trailing colon; nothing else is matched (never a guess from
 * prose).
 *
 * PRSB sub-headings of "Plan and requested actions" (ITK3 eDischarge and Outpatient Letter) and the
 * Emergency Care discharge's single "Action" element:
 * https://github.com/nhsconnect/ITK3-FHIR-eDischarge/blob/master/pages/explore/explore_plan_req_actions.md
 */

/** For whom what follows a heading is asked. */
export type RequestKind = 'action' | 'patient-or-carer' | 'agreed-with-patient' | 'information-and-advice';

/**
 * Headings whose lines are requests, in FHIR narratives and text letters alike.
 *
 * "Investigations requested" and "Procedures requested" (optional PRSB sub-headings) are requests of
 * professionals (someone must order or do them), so they count as actions. The Emergency Care
 * discharge's "Action" names no one; it is the plan's action element, each naming its "Person
 * responsible", sent to the next clinician: it counts as an action, with its heading kept so the
 * caller can show it is unlabelled.
 */
const REQUEST_HEADINGS: ReadonlyMap<string, RequestKind> = new Map([
  ['actions for healthcare professionals', 'action'],
  ['actions for healthcare professional', 'action'],
  ['action for healthcare professionals', 'action'],
  ['investigations requested', 'action'],
  ['procedures requested', 'action'],
  ['investigations and procedures requested', 'action'],
  ['action', 'action'],
  ['actions', 'action'],
  ['actions for gp', 'action'],
  ['actions for the gp', 'action'],
  ['action for gp', 'action'],
  ['gp actions', 'action'],
  ['gp action', 'action'],
  ['requested actions', 'action'],
  ['actions requested', 'action'],
  ['actions for patient or their carer', 'patient-or-carer'],
  ['actions for the patient or their carer', 'patient-or-carer'],
  ['actions for patient or carer', 'patient-or-carer'],
  ['actions for patient', 'patient-or-carer'],
  ['actions for the patient', 'patient-or-carer'],
  ['patient actions', 'patient-or-carer'],
  ['agreed with patient or legitimate patient representative', 'agreed-with-patient'],
  ['agreed with patient', 'agreed-with-patient'],
  ['information and advice given', 'information-and-advice'],
  ['information given', 'information-and-advice'],
  ['advice given', 'information-and-advice'],
]);

/**
 * Headings a text letter (plain text, HTML, PDF text) uses for what it asks of the reader, on top of
 * the above. A letter is sent to the next clinician, so its plan and recommendations are theirs to act
 * on. Not used in FHIR narratives, whose plan section has PRSB sub-headings for whom each line is.
 */
const TEXT_LETTER_ACTION_HEADINGS: ReadonlySet<string> = new Set([
  'plan',
  'plan and requested actions',
  'recommendations',
  'recommendation',
]);

/**
 * Labels of the parts of one action (PRSB: person responsible, status, when, strategies, outcome
 * expectations): a line or table row with one of these belongs to the action it follows, never starts
 * one or changes the heading.
 */
const ACTION_PART_LABELS: ReadonlySet<string> = new Set([
  'person responsible',
  'status',
  'action status',
  'outcome',
  'outcomes',
  'outcome expectations',
  'outcome and expectations',
  'expected outcome',
  'date requested',
  'requested date',
  'when requested for',
  'when action requested for',
  'suggested strategies',
  'location',
]);

/** A "Status: Requested" (or "Action status: …") line: it ends the action before it. */
export const STATUS_LINE = /^(?:action\s+)?status\s*:\s*(.*)$/i;

/**
 * Further headings letters use that end a text letter's list of requests (with the PRSB section titles,
 * which the caller adds). Sign-offs end it too. Headings under which letters also ask things ("Follow
 * up", "Management") are left out: not ending the list there only adds lines to it.
 */
export const OTHER_TEXT_LETTER_HEADINGS: ReadonlySet<string> = new Set([
  'diagnosis', 'diagnoses', 'medication', 'medications', 'medication changes', 'changes to medication',
  'current medication', 'current medications', 'medicines', 'history', 'history of presenting complaint',
  'presenting complaint', 'examination', 'investigations', 'results', 'impression', 'summary', 'problems',
  'allergies', 'social history', 'past medical history', 'reason for referral',
  'yours sincerely', 'yours faithfully', 'kind regards', 'best wishes', 'with best wishes', 'regards', 'many thanks',
  'cc', 'copy to', 'copies to',
]);

const MAX_HEADING_LENGTH = 200;

/**
 * A heading as compared: lower case, single-spaced, without leading numbering or bullets ("3. Plan"),
 * markdown emphasis, or trailing punctuation ("Plan:", "Yours sincerely,").
 * @param heading - the heading as written
 */
export function normaliseHeading(heading: string): string {
  // No heading is this long; a long line is never one, and is not scanned (the patterns below backtrack).
  if (heading.length > MAX_HEADING_LENGTH) return '';
  return heading
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s#*_•\-–]*(?:\(?\d{1,2}[.)]\s*)?[\s*_]*/, '')
    .replace(/[\s*_:,.\-–]+$/, '')
    .trim();
}

/** Which vocabulary applies: a FHIR narrative's PRSB headings, or a text letter's wider one. */
export type HeadingVocabulary = 'fhir' | 'text-letter';

/**
 * What a heading asks, if it is a request heading in the vocabulary.
 * @param heading - the heading as written
 * @param vocabulary - `fhir` for narratives, `text-letter` for plain text, HTML and PDF text letters
 */
export function requestKindOf(heading: string, vocabulary: HeadingVocabulary): RequestKind | undefined {
  const normalised = normaliseHeading(heading);
  const kind = REQUEST_HEADINGS.get(normalised);
  if (kind) return kind;
  return vocabulary === 'text-letter' && TEXT_LETTER_ACTION_HEADINGS.has(normalised) ? 'action' : undefined;
}

/**
 * Whether a heading is the bare "Action" or "Actions", which says no more than that an action follows.
 * Recognised as a heading only where the letter's structure makes it one (a table header, an HTML
 * heading, a text letter's line of its own), never as the label of a line ("Action: attend clinic"
 * under "Actions for patient" is the patient's).
 * @param heading - the heading as written
 */
export function isBareActionHeading(heading: string): boolean {
  const normalised = normaliseHeading(heading);
  return normalised === 'action' || normalised === 'actions';
}

/**
 * Whether a heading (a table header, or the label before a colon) names a part of an action.
 * @param label - the heading or label as written
 */
export function isActionPartLabel(label: string): boolean {
  return ACTION_PART_LABELS.has(normaliseHeading(label));
}

/**
 * Whether a line starts with the label of an action's part ("Person responsible: Dr X").
 * @param line - one line of a letter
 */
export function startsWithActionPart(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && colon <= 40 && isActionPartLabel(line.slice(0, colon));
}

/**
 * Whether a line is only "none" (or nil, n/a, no actions): an empty list of requests, not a request.
 * @param text - the request's text
 */
export function saysNone(text: string): boolean {
  return /^(?:none|nil|n\/a|none required|nil required|no actions?(?: required)?|no further actions?(?: required)?)\.?$/i.test(text.trim());
}
