// @vitest-environment happy-dom
/**
 * The demo EPRs show what a trust would see: their patient banners have the structure the real,
 * published EPR UI code renders (fixtures/real-epr), element for element where the patient's details
 * are, so a reader that works on the demo works on the real thing. Both show the same fictitious patient
 * (Ada Fakeham, 999 000 1014, born 12-Mar-1950); ids and ages differ, and are compared as shapes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderEprSnapshots } from './snapshots';
import { fakeRoster } from './fake-roster';
import { renderMedplumPatient } from './medplum';

const REAL = path.resolve(import.meta.dirname, '../../fixtures/real-epr/pages');
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const real = (file: string) => parse(readFileSync(path.join(REAL, file), 'utf8'));

/**
 * Where each piece of text sits, as the readers see it: for every element with text and no element
 * children, the path of tags (and the attributes that carry meaning) from `root` down, and its text with
 * digits as 9s. Class names are left out: builds hash them.
 */
function skeleton(root: Element, skip: (el: Element) => boolean = () => false): string[] {
  const out: string[] = [];
  const meaning = (el: Element) =>
    el.tagName.toLowerCase() +
    ['role', 'aria-label', 'data-bind', 'title', 'for']
      .filter((a) => el.hasAttribute(a))
      .map((a) => `[${a}${a === 'aria-label' || a === 'data-bind' ? `=${(el.getAttribute(a) ?? '').replace(/\d/g, '9').replace(/Ada Fakeham/g, 'NAME')}` : ''}]`)
      .join('');
  const walk = (el: Element, trail: string[]) => {
    if (skip(el) || el.tagName === 'svg' || el.tagName === 'SCRIPT' || el.tagName === 'STYLE') return;
    const here = [...trail, meaning(el)];
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').replace(/\s+/g, ' ').trim();
    if (el.children.length === 0) {
      // Digits as 9s and check characters as X: ids and ages differ, their shapes must not. OpenMRS shows an
      // NHS number as the site stored it (spaced or not): compared unspaced.
      if (text) out.push(`${here.join(' > ')} :: ${text.replace(/(\d) (?=\d)/g, '$1').replace(/\d/g, '9').replace(/(?<=9)[A-Z]\b/g, 'X')}`);
      return;
    }
    for (const child of el.children) walk(child, here);
  };
  walk(root, []);
  return out;
}

const demo = renderEprSnapshots(fakeRoster(), { now: new Date(2026, 10, 27) });

describe('the demo EPRs in the real EPRs’ markup', () => {
  it('OpenMRS 3: the patient banner, as @openmrs/esm-patient-banner-app renders it', () => {
    const notButtons = (el: Element) => /buttonCol/.test(el.getAttribute('class') ?? '') || el.hasAttribute('data-extension-slot-name');
    const ours = skeleton(parse(demo.openmrsPatientChart).querySelector('header[aria-label="patient banner"]')!, notButtons);
    const theirs = skeleton(real('openmrs-patient-chart-ada.html').querySelector('header[aria-label="patient banner"]')!, notButtons);
    expect(ours).toEqual(theirs);
  });

  it('Medplum: the PatientHeader, as @medplum/react renders it', () => {
    const entries = (doc: Document) => skeleton(doc.querySelector('.InfoBar_root')!);
    const ours = entries(parse(renderMedplumPatient(fakeRoster()[0]!, new Date(2026, 10, 27))));
    // The real patient also has a hospital number, under the trust's own system: the rest is the same.
    const theirs = entries(real('medplum-patient-ada.html')).filter((line) => !/hospital-number|H9+/.test(line));
    expect(ours).toEqual(theirs);
  });

  it('OpenEMR: the patient header #attendantData, as OpenEMR 7.0.3’s Knockout template renders it', () => {
    const bound = (doc: Document) => skeleton(doc.getElementById('attendantData')!).filter((l) => /pname\(\)|text: pubpid|str_dob\(\)/.test(l));
    const ours = bound(parse(demo.openemrTopPatient));
    const theirs = bound(real('openemr-main-patient-local-id.html'));
    expect(ours).toEqual(theirs);
    expect(ours).toHaveLength(3);
  });
});
