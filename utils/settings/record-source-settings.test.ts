import { describe, expect, it } from 'vitest';
import { neededPatterns } from '@/utils/background/content-scripts';
import { PRODUCTION_DEFAULTS, validateSettings } from './settings';

describe('the GP Connect and national records endpoints', () => {
  it('are off unless a trust sets them, https only (http only on this computer, in demo builds)', () => {
    expect(PRODUCTION_DEFAULTS).toMatchObject({ gpConnectEndpoint: '', nationalRecordsEndpoint: '' });
    for (const key of ['gpConnectEndpoint', 'nationalRecordsEndpoint'] as const) {
      expect(validateSettings({ [key]: 'https://gp-proxy.trust.nhs.uk/gpconnect' }, { allowLocalHttp: false })).toEqual([]);
      expect(validateSettings({ [key]: 'http://gp-proxy.trust.nhs.uk/gpconnect' }, { allowLocalHttp: false })[0]).toMatch(/must use https/);
      expect(validateSettings({ [key]: 'http://localhost:8100/x' }, { allowLocalHttp: false })[0]).toMatch(/must use https/);
      expect(validateSettings({ [key]: 'http://localhost:8100/x' }, { allowLocalHttp: true })).toEqual([]);
      expect(validateSettings({ [key]: 'https://user:pw@gp.example/x' }, { allowLocalHttp: false })[0]).toMatch(/must use https/);
    }
  });

  it('need host access to their origins, like the shared record', () => {
    const patterns = neededPatterns({ ...PRODUCTION_DEFAULTS, fhirBaseUrl: 'https://shared.example/fhir', gpConnectEndpoint: 'https://gp.example/gpc', nationalRecordsEndpoint: 'https://nrl.example/FHIR/R4' });
    expect(patterns).toEqual(expect.arrayContaining(['https://gp.example/*', 'https://nrl.example/*']));
  });
});
