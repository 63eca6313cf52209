import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { contentScriptRegistrations, eprOrigins, matchPattern, neededPatterns, readersForOrigin } from '@/utils/background/content-scripts';
import { DEFAULT_SETTINGS, DEMO_DEFAULTS, featureOn, loadSettingsWithSource, notConfiguredReason, PRODUCTION_DEFAULTS, saveLocalSettings, validateSettings } from './settings';

beforeEach(() => fakeBrowser.reset());

const site = (origin: string, readers = ['openmrs']) => ({ origin, readers }) as { origin: string; readers: never[] };

describe('settings', () => {
  it('checks every field as the options page and policy use them', () => {
    expect(validateSettings({ eprSites: [site('https://epr.example.nhs.uk')], teamReferences: ['Organization/ABC'], pollIntervalMinutes: 2, disabledFeatures: ['notifications'], authIssuer: 'https://login.example.nhs.uk' })).toEqual([]);
    expect(validateSettings({ eprSites: [site('https://epr.example.nhs.uk/path')] })).toEqual([expect.stringMatching(/origin/)]);
    expect(validateSettings({ eprSites: [site('https://epr.example.nhs.uk', ['everything' as never])] })).toEqual([expect.stringMatching(/readers/)]);
    expect(validateSettings({ eprSites: [site('https://epr.example.nhs.uk'), site('https://epr.example.nhs.uk')] })).toEqual([expect.stringMatching(/twice/)]);
    expect(validateSettings({ teamReferences: ['not a reference'] })).toEqual([expect.stringMatching(/reference/)]);
    expect(validateSettings({ pollIntervalMinutes: 0.1 })).toEqual([expect.stringMatching(/0.5 to 60/)]);
    expect(validateSettings({ disabledFeatures: ['everything'] })).toEqual([expect.stringMatching(/Features/)]);
    expect(validateSettings({ authIssuer: 'http://login.example.nhs.uk' })).toEqual([expect.stringMatching(/https/)]);
    expect(validateSettings({ defaultMutedNotifications: ['loud'] })).toEqual([expect.stringMatching(/kinds/)]);
  });

  it('attack 8: a store build accepts https servers only; http only on this computer, only in demo builds', () => {
    for (const key of ['fhirBaseUrl', 'auditEndpoint', 'authIssuer'] as const) {
      expect(validateSettings({ [key]: 'http://shared-record.example.nhs.uk/fhir/R4' }, { allowLocalHttp: false })).toEqual([expect.stringMatching(/https/)]);
      expect(validateSettings({ [key]: 'http://localhost:8100/fhir/R4' }, { allowLocalHttp: false })).toEqual([expect.stringMatching(/https/)]);
      expect(validateSettings({ [key]: 'http://localhost:8100/fhir/R4' }, { allowLocalHttp: true })).toEqual([]);
      expect(validateSettings({ [key]: 'https://user:pw@shared-record.example.nhs.uk' }, { allowLocalHttp: false })).toEqual([expect.stringMatching(/https/)]);
    }
    expect(validateSettings({ eprSites: [site('http://localhost:8200')] }, { allowLocalHttp: false })).toEqual([expect.stringMatching(/origin/)]);
  });

  it('attack 8: a store build has no demo defaults and says it is not configured', () => {
    expect(DEFAULT_SETTINGS).toEqual(PRODUCTION_DEFAULTS);
    expect(JSON.stringify(PRODUCTION_DEFAULTS)).not.toMatch(/localhost|127\.0\.0\.1|rachel|northshire/i);
    expect(notConfiguredReason(PRODUCTION_DEFAULTS)).toMatch(/No shared care record server/);
    expect(notConfiguredReason({ ...PRODUCTION_DEFAULTS, fhirBaseUrl: 'https://x.nhs.uk/R4' })).toMatch(/No EPR/);
    expect(notConfiguredReason(DEMO_DEFAULTS)).toBeUndefined();
  });

  it('turns features off only when the trust says so', () => {
    expect(featureOn(DEFAULT_SETTINGS, 'task-actions')).toBe(true);
    expect(featureOn({ disabledFeatures: ['task-actions'] }, 'task-actions')).toBe(false);
    expect(featureOn({ disabledFeatures: ['task-actions'] }, 'notifications')).toBe(true);
  });

  it('an unmanaged install uses the options page; a managed value shows as managed', async () => {
    await saveLocalSettings({ pollIntervalMinutes: 5, fhirBaseUrl: 'https://local.example/R4' });
    expect((await loadSettingsWithSource()).settings).toMatchObject({ pollIntervalMinutes: 5, fhirBaseUrl: 'https://local.example/R4' });
    await fakeBrowser.storage.managed.set({ pollIntervalMinutes: 2 });
    const { settings, managedKeys, managed } = await loadSettingsWithSource();
    expect(settings.pollIntervalMinutes).toBe(2);
    expect(managedKeys).toEqual(['pollIntervalMinutes']);
    expect(managed).toBe(true);
  });

  it('attack 8: on a managed install a clinician cannot point the audit trail elsewhere or turn the wipe off', async () => {
    await fakeBrowser.storage.managed.set({ fhirBaseUrl: 'https://shared-record.example.nhs.uk/R4' });
    await saveLocalSettings({ auditEndpoint: 'https://elsewhere.example/R4', idleWipeMinutes: 0, authIssuer: '', clinicalRole: 'gp' });
    const { settings } = await loadSettingsWithSource();
    expect(settings.auditEndpoint).toBe('');
    expect(settings.idleWipeMinutes).toBe(15);
    // Their own preferences still apply.
    expect(settings.clinicalRole).toBe('gp');
  });

  it('attack 8: a policy value that fails its checks is not used, and is reported', async () => {
    await fakeBrowser.storage.managed.set({ fhirBaseUrl: 'http://shared-record.example.nhs.uk/R4', idleWipeMinutes: -5, eprSites: [site('https://epr.example.nhs.uk', ['all' as never])] });
    const { settings, problems } = await loadSettingsWithSource({ allowLocalHttp: false });
    expect(settings.fhirBaseUrl).toBe('');
    expect(settings.idleWipeMinutes).toBe(15);
    expect(settings.eprSites).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/https.*policy/), expect.stringMatching(/inactivity.*policy/), expect.stringMatching(/readers.*policy/)]);
  });

  it('derives the origins, the match patterns (port included where the browser matches ports) and every site Alongside needs', () => {
    const s = { ...PRODUCTION_DEFAULTS, eprSites: [site('https://epr.example.nhs.uk')], eprRules: [{ id: 'pas', label: 'PAS', origins: ['https://pas.example.nhs.uk:8443'], banner: { selector: '#b', namePattern: '(.+)' } }], fhirBaseUrl: 'https://fhir.example.nhs.uk/R4', authIssuer: 'https://login.example.nhs.uk' };
    expect(eprOrigins(s)).toEqual(['https://epr.example.nhs.uk', 'https://pas.example.nhs.uk:8443']);
    expect(matchPattern('https://pas.example.nhs.uk:8443', true)).toBe('https://pas.example.nhs.uk:8443/*');
    expect(matchPattern('https://pas.example.nhs.uk:8443', false)).toBe('https://pas.example.nhs.uk/*');
    expect(neededPatterns(s).sort()).toEqual(['https://epr.example.nhs.uk/*', 'https://fhir.example.nhs.uk/*', 'https://login.example.nhs.uk/*', 'https://pas.example.nhs.uk:8443/*']);
  });

  it('attack 1: readers run only on the origins the trust assigned them to; the general reader only where turned on', () => {
    const s = { ...PRODUCTION_DEFAULTS, eprSites: [site('https://openmrs.example.nhs.uk', ['openmrs']), site('https://portal.example.nhs.uk', ['nhs-cui-banner', 'nhs-number-fallback'])] };
    expect(readersForOrigin(s, 'https://openmrs.example.nhs.uk')).toEqual({ builtIns: ['openmrs'], rules: [] });
    expect(readersForOrigin(s, 'https://portal.example.nhs.uk')).toEqual({ builtIns: ['nhs-cui-banner', 'nhs-number-fallback'], rules: [] });
    expect(readersForOrigin(s, 'https://openmrs.example.nhs.uk:8443')).toEqual({ builtIns: [], rules: [] });
    expect(readersForOrigin(s, 'https://inbox.example.nhs.uk')).toEqual({ builtIns: [], rules: [] });
  });

  it('registers each origin’s own readers before the content script, and never the content script twice on a page', () => {
    const s = { ...PRODUCTION_DEFAULTS, eprSites: [site('https://emr.example.nhs.uk:8443', ['openemr']), site('https://emr.example.nhs.uk:9443', ['openmrs']), site('https://cui.example.nhs.uk', ['nhs-cui-banner'])], eprRules: [{ id: 'pas', label: 'PAS', origins: ['https://pas.example.nhs.uk'], banner: { selector: '#b', namePattern: '(.+)' } }] };
    const all = ['https://emr.example.nhs.uk:8443/*', 'https://emr.example.nhs.uk:9443/*', 'https://emr.example.nhs.uk/*', 'https://cui.example.nhs.uk/*', 'https://pas.example.nhs.uk/*'];
    // Chrome and Edge match ports: one registration per site.
    expect(contentScriptRegistrations(s, all, true).map((r) => [r.matches, r.js])).toEqual([
      [['https://emr.example.nhs.uk:8443/*'], ['reader-openemr.js', 'epr-page.js']],
      [['https://emr.example.nhs.uk:9443/*'], ['reader-openmrs.js', 'epr-page.js']],
      [['https://cui.example.nhs.uk/*'], ['reader-nhs-cui-banner.js', 'epr-page.js']],
      [['https://pas.example.nhs.uk/*'], ['epr-page.js']],
    ]);
    // Firefox cannot: the two ports share one registration (the content script still reads only its own origin's readers).
    expect(contentScriptRegistrations(s, all, false).map((r) => [r.matches, r.js])[0]).toEqual([['https://emr.example.nhs.uk/*'], ['reader-openemr.js', 'reader-openmrs.js', 'epr-page.js']]);
    // Only what the browser granted.
    expect(contentScriptRegistrations(s, ['https://cui.example.nhs.uk/*'], true)).toHaveLength(1);
  });
});
