// @vitest-environment happy-dom
/**
 * The options page under WXT's fake browser: on a managed install every trust setting is locked and only
 * the clinician's own choices can be saved; what policy values failed their checks is listed; on an
 * unmanaged install a bad value is refused with the reason and nothing is saved. (The page in the built
 * extension, rule trials and store builds: e2e/options-page.e2e.ts.)
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CLINICIAN_KEYS } from '@/utils/settings/settings';
import { OptionsPage } from './OptionsPage';

beforeEach(() => fakeBrowser.reset());

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(check()).toBe(true);
}

async function drawn(): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  await act(() => render(<OptionsPage />, root));
  await until(() => root.querySelector('[data-form="trust"]') !== null);
  return root;
}

const controls = (root: HTMLElement, form: string) => [...root.querySelectorAll<HTMLInputElement>(`[data-form="${form}"] [name]`)];

describe('the options page', () => {
  it('on a managed install: every trust setting locked and marked, the clinician’s own open, problems listed', async () => {
    await fakeBrowser.storage.managed.set({ fhirBaseUrl: 'https://fhir.example.nhs.uk/R4', auditEndpoint: 'http://audit.example.nhs.uk' });
    const root = await drawn();
    const trust = controls(root, 'trust');
    expect(trust.length).toBeGreaterThan(15);
    expect(trust.filter((c) => !c.disabled).map((c) => c.name)).toEqual([]);
    expect([...root.querySelectorAll('[data-locked]')].map((e) => e.getAttribute('data-locked'))).toEqual(expect.arrayContaining(['fhirBaseUrl', 'auditEndpoint', 'idleWipeMinutes', 'eprRules']));
    expect(root.querySelector('[data-form="trust"] button[type="submit"]')).toBeNull();
    expect(root.textContent).toContain('set by your organisation through browser policy');
    // The clinician's own settings stay theirs.
    expect(controls(root, 'clinician').map((c) => [c.name, c.disabled])).toEqual(CLINICIAN_KEYS.map((k) => [k, false]));
    // The policy's http audit endpoint was refused, and the page says so.
    expect(root.querySelector('[data-section="setting-problems"]')?.textContent).toMatch(/audit endpoint must use https.*policy; not used/);
  });

  it('saves the clinician’s role on a managed install, and nothing of the trust’s', async () => {
    await fakeBrowser.storage.managed.set({ fhirBaseUrl: 'https://fhir.example.nhs.uk/R4' });
    const root = await drawn();
    const role = root.querySelector<HTMLSelectElement>('[data-form="clinician"] select[name="clinicalRole"]')!;
    role.value = 'community-nurse';
    await act(() => root.querySelector<HTMLFormElement>('[data-form="clinician"]')!.requestSubmit());
    await until(() => root.querySelector('[data-form="clinician"] > .form-message')?.textContent === 'Saved.');
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual({ clinicalRole: 'community-nurse' });
  });

  it('on an unmanaged install: a bad value is refused with the reason, and nothing is saved', async () => {
    const root = await drawn();
    expect(controls(root, 'trust').filter((c) => c.disabled)).toEqual([]);
    const fhir = root.querySelector<HTMLInputElement>('[data-form="trust"] input[name="fhirBaseUrl"]')!;
    fhir.value = 'http://shared-record.example.nhs.uk/fhir/R4';
    await act(() => root.querySelector<HTMLFormElement>('[data-form="trust"]')!.requestSubmit());
    const status = () => root.querySelector('[data-form="trust"] > .form-message')?.textContent ?? '';
    await until(() => status() !== '');
    expect(status()).toMatch(/^Not saved: The FHIR server must use https/);
    expect((await fakeBrowser.storage.local.get('settings')).settings).toBeUndefined();
  });

  describe('a rule that checks the patient’s identity only in part', () => {
    const nameOnly = [{ id: 'ward', label: 'Ward', origins: ['https://ward.example.nhs.uk'], banner: { selector: '#hdr', namePattern: '^(\\S+ \\S+)' } }];
    const typeRules = async (root: HTMLElement, rules: unknown) => {
      const box = root.querySelector<HTMLTextAreaElement>('[data-form="trust"] textarea[name="eprRules"]')!;
      box.value = JSON.stringify(rules);
      await act(() => {
        box.dispatchEvent(new Event('input', { bubbles: true }));
      });
    };
    const save = async (root: HTMLElement) => {
      const status = () => root.querySelector('[data-form="trust"] > .form-message')?.textContent ?? '';
      const before = status();
      await act(() => root.querySelector<HTMLFormElement>('[data-form="trust"]')!.requestSubmit());
      await until(() => status() !== before || status() === 'Saved.');
      return status();
    };
    const savedRules = async () => ((await fakeBrowser.storage.local.get('settings')).settings as { eprRules?: unknown } | undefined)?.eprRules;

    it('is saved only once the admin says they understand what a missing half means', async () => {
      const root = await drawn();
      await typeRules(root, nameOnly);
      const notice = root.querySelector('[data-section="half-checked-rules"]');
      expect(notice?.textContent).toContain('EPR rule 1 ("ward"): only the name is checked: a wrong date of birth would not hide the record.');
      expect(await save(root)).toMatch(/^Not saved: EPR rule 1 \("ward"\): only the name is checked: a wrong date of birth would not hide the record\. Tick “I understand” under the rules to save it as it is\.$/);
      expect(await savedRules()).toBeUndefined();
      await act(() => {
        root.querySelector<HTMLInputElement>('input[name="acknowledgeHalfChecked"]')!.click();
      });
      expect(await save(root)).toBe('Saved.');
      expect(await savedRules()).toEqual(nameOnly);
    });

    it('cannot be saved where the trust requires both halves, and the page says why', async () => {
      await fakeBrowser.storage.local.set({ settings: { requireBothIdentityChecks: true } });
      const root = await drawn();
      await typeRules(root, nameOnly);
      expect(root.querySelector('[data-section="half-checked-rules"]')?.textContent).toMatch(/cannot be saved while records must match on both.*so no record it finds will ever be shown/);
      expect(root.querySelector('input[name="acknowledgeHalfChecked"]')).toBeNull();
      expect(await save(root)).toMatch(/^Not saved: EPR rule 1 \("ward"\): only the name is checked.*requires both the name and the date of birth to match, so no record it finds will ever be shown\.$/);
      expect(await savedRules()).toBeUndefined();
    });

    it('set by policy, with both required: the page says no record it finds is shown', async () => {
      await fakeBrowser.storage.managed.set({ eprRules: nameOnly, requireBothIdentityChecks: true });
      const root = await drawn();
      expect(root.querySelector('[data-section="half-checked-in-force"]')?.textContent).toMatch(/EPR rule 1 \("ward"\): only the name is checked.*no record it finds will ever be shown/);
    });
  });
});
