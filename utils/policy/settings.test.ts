import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { eprOrigins, matchPattern, neededPatterns } from './epr-origins';
import { DEFAULT_SETTINGS, featureOn, loadSettingsWithSource, saveLocalSettings, validateSettings } from './settings';

beforeEach(() => fakeBrowser.reset());

describe('settings', () => {
  it('checks the new fields as the options page and policy use them', () => {
    expect(validateSettings({ eprOrigins: ['https://epr.example.nhs.uk'], teamReferences: ['Organization/ABC'], pollIntervalMinutes: 2, disabledFeatures: ['notifications'], authIssuer: 'https://login.example.nhs.uk' })).toEqual([]);
    expect(validateSettings({ eprOrigins: ['https://epr.example.nhs.uk/path'] })).toEqual([expect.stringMatching(/origin/)]);
    expect(validateSettings({ teamReferences: ['not a reference'] })).toEqual([expect.stringMatching(/reference/)]);
    expect(validateSettings({ pollIntervalMinutes: 0.1 })).toEqual([expect.stringMatching(/0.5 to 60/)]);
    expect(validateSettings({ disabledFeatures: ['everything'] })).toEqual([expect.stringMatching(/Features/)]);
    expect(validateSettings({ authIssuer: 'http://login.example.nhs.uk' })).toEqual([expect.stringMatching(/https/)]);
    expect(validateSettings({ defaultMutedNotifications: ['loud'] })).toEqual([expect.stringMatching(/kinds/)]);
  });

  it('turns features off only when the trust says so', () => {
    expect(featureOn(DEFAULT_SETTINGS, 'task-actions')).toBe(true);
    expect(featureOn({ disabledFeatures: ['task-actions'] }, 'task-actions')).toBe(false);
    expect(featureOn({ disabledFeatures: ['task-actions'] }, 'notifications')).toBe(true);
  });

  it('a managed value wins over the options page, and shows as managed', async () => {
    await saveLocalSettings({ pollIntervalMinutes: 5, eprOrigins: ['https://local.example'] });
    await fakeBrowser.storage.managed.set({ pollIntervalMinutes: 2 });
    const { settings, managedKeys } = await loadSettingsWithSource();
    expect(settings.pollIntervalMinutes).toBe(2);
    expect(settings.eprOrigins).toEqual(['https://local.example']);
    expect(managedKeys).toEqual(['pollIntervalMinutes']);
  });

  it('derives the content script’s origins and every site Alongside needs', () => {
    const s = { ...DEFAULT_SETTINGS, eprOrigins: ['https://epr.example.nhs.uk'], eprRules: [{ origins: ['https://pas.example.nhs.uk:8443'] }], fhirBaseUrl: 'https://fhir.example.nhs.uk/R4', authIssuer: 'https://login.example.nhs.uk' };
    expect(eprOrigins(s)).toEqual(['https://epr.example.nhs.uk', 'https://pas.example.nhs.uk:8443']);
    expect(matchPattern('https://pas.example.nhs.uk:8443')).toBe('https://pas.example.nhs.uk/*');
    expect(neededPatterns(s).sort()).toEqual(['https://epr.example.nhs.uk/*', 'https://fhir.example.nhs.uk/*', 'https://login.example.nhs.uk/*', 'https://pas.example.nhs.uk/*']);
  });
});
