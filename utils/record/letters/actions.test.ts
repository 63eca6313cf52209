import { describe, expect, it } from 'vitest';
import { readRequests, type RequestContext } from './actions';
import { narrativeHeading, refineBlocks } from './line-structure';
import { textBlocksFromMarkup } from './narrative-text';

const plan: RequestContext = {
  sectionKey: 'plan-and-requested-actions',
  sectionTitle: 'Plan and requested actions',
  initial: 'unread',
  underOtherHeadings: 'unread',
  vocabulary: 'fhir',
};

const readPlan = (rows: string) =>
  readRequests(refineBlocks(textBlocksFromMarkup(`<div xmlns="http://www.w3.org/1999/xhtml"><table><tbody>${rows}</tbody></table></div>`), narrativeHeading), plan);

describe('readRequests', () => {
  it('splits one cell into its actions at the "Status:" lines, which are not part of the text', () => {
    const read = readPlan(`<tr><th>Actions for healthcare professionals</th><td>
        GP please continue secondary preventative medication. <p>Status: Requested</p>
        <p>Doses will be uptitrated by Cardiac Rehab team.</p><p>Action status: Completed</p>
        <p>Check U&amp;E in one week.</p></td></tr>`);
    expect(read.actions).toEqual([
      { text: 'GP please continue secondary preventative medication.', status: 'Requested', heading: 'Actions for healthcare professionals', sectionKey: 'plan-and-requested-actions', sectionTitle: 'Plan and requested actions' },
      { text: 'Doses will be uptitrated by Cardiac Rehab team.', status: 'Completed', heading: 'Actions for healthcare professionals', sectionKey: 'plan-and-requested-actions', sectionTitle: 'Plan and requested actions' },
      { text: 'Check U&E in one week.', heading: 'Actions for healthcare professionals', sectionKey: 'plan-and-requested-actions', sectionTitle: 'Plan and requested actions' },
    ]);
    expect(read.actions.map((a) => a.text).join(' ')).not.toMatch(/status/i);
  });

  it('keeps an action\'s person responsible and outcome with it, before and after its status line', () => {
    const read = readPlan(`<tr><th>Actions for healthcare professionals</th><td>
        <p>Routine follow up from Primary Care.</p><p>Person responsible: Dr Gillingham.</p><p>Status: Requested</p>
        <p>Outcome and expectations: The patient expects to benefit.</p></td></tr>`);
    expect(read.actions.map((a) => [a.text, a.status])).toEqual([
      ['Routine follow up from Primary Care. Person responsible: Dr Gillingham. Outcome and expectations: The patient expects to benefit.', 'Requested'],
    ]);
  });

  it('reads an action whose parts are table rows of their own', () => {
    const read = readPlan(`<tr><th>Action</th><td>Repeat chest X-ray in 6 weeks.</td></tr>
        <tr><th>Person responsible</th><td>GP</td></tr><tr><th>Status</th><td>Requested</td></tr>
        <tr><th>Action</th><td>Review inhaler technique.</td></tr>`);
    expect(read.actions.map((a) => [a.text, a.status, a.heading])).toEqual([
      ['Repeat chest X-ray in 6 weeks. Person responsible: GP', 'Requested', 'Action'],
      ['Review inhaler technique.', undefined, 'Action'],
    ]);
  });

  it('never counts actions for the patient or carer, or what was agreed with the patient, as actions', () => {
    const read = readPlan(`<tr><th>Actions for patient or their carer</th><td>Patient to attend community follow up.</td></tr>
        <tr><th>Agreed with patient or legitimate patient representative</th><td>Patient agreed to avoid driving.</td></tr>
        <tr><th>Actions for healthcare professionals</th><td>GP to review.</td></tr>`);
    expect(read.actions.map((a) => a.text)).toEqual(['GP to review.']);
    expect(read.otherRequests.map((r) => [r.kind, r.text])).toEqual([
      ['patient-or-carer', 'Patient to attend community follow up.'],
      ['agreed-with-patient', 'Patient agreed to avoid driving.'],
    ]);
  });

  it('counts investigations and procedures requested as actions (requests of professionals)', () => {
    const read = readPlan(`<tr><th>Investigations requested</th><td>FBC and CRP on 01/05/17</td></tr>
        <tr><th>Procedures requested</th><td>Flexible sigmoidoscopy</td></tr>`);
    expect(read.actions.map((a) => [a.heading, a.text])).toEqual([
      ['Investigations requested', 'FBC and CRP on 01/05/17'],
      ['Procedures requested', 'Flexible sigmoidoscopy'],
    ]);
  });

  it('reports plan text under no heading, or one it does not know, and never takes it for an action', () => {
    const read = readRequests(
      refineBlocks(textBlocksFromMarkup('<div><p>GP to stop warfarin.</p><table><tr><th>Follow-up</th><td>Clinic in 6 weeks.</td></tr></table></div>'), narrativeHeading),
      plan,
    );
    expect(read.actions).toEqual([]);
    expect(read.unreadHeadings).toEqual(['', 'Follow-up']);
  });

  it('reads each list item as an action, and headings written as lines', () => {
    const read = readRequests(
      refineBlocks(
        textBlocksFromMarkup('<div><p>Actions for healthcare professionals:</p><ol><li>Check bloods.</li><li>Review BP.</li></ol><p>Actions for patient: Rest.</p></div>'),
        narrativeHeading,
      ),
      plan,
    );
    expect(read.actions.map((a) => a.text)).toEqual(['Check bloods.', 'Review BP.']);
    expect(read.otherRequests.map((r) => r.text)).toEqual(['Rest.']);
    expect(read.unreadHeadings).toEqual([]);
  });

  it('keeps a line labelled "Action:" under the patient\'s heading the patient\'s', () => {
    const read = readPlan('<tr><th>Actions for patient or their carer</th><td><p>Action: attend the clinic.</p><p>Actions</p><p>Rest.</p></td></tr>');
    expect(read.actions).toEqual([]);
    expect(read.otherRequests.map((r) => r.text)).toEqual(['Action: attend the clinic. Actions Rest.']);
  });

  it('reads "None" under a heading as no actions', () => {
    expect(readPlan('<tr><th>Actions for healthcare professionals</th><td>None.</td></tr>').actions).toEqual([]);
  });

  it('keeps a long "status" as text rather than drop the words after it', () => {
    const read = readPlan('<tr><th>Actions for healthcare professionals</th><td><p>Status: requested by the ward, and please also repeat the ECG next week</p></td></tr>');
    expect(read.actions.map((a) => a.text)).toEqual(['Status: requested by the ward, and please also repeat the ECG next week']);
  });
});
