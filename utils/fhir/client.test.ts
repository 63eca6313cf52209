import { describe, expect, it } from 'vitest';
import { FhirClient, FhirError } from './client';

/** A client whose every request is recorded with the token it carried; the server answers an empty Bundle. */
function recordingClient(baseUrl: string) {
  const asked: { url: string; authorization?: string }[] = [];
  const client = new FhirClient({
    baseUrl,
    getAccessToken: () => Promise.resolve('secret-token'),
    fetch: (input, init) => {
      asked.push({ url: String(input), authorization: (init?.headers as Record<string, string>).Authorization });
      return Promise.resolve(new Response(JSON.stringify({ resourceType: 'Bundle', type: 'searchset' }), { status: 200 }));
    },
  });
  return { client, asked };
}

describe('FhirClient', () => {
  it.each([
    'https://fhir.example.nhs.uk/fhir/R4/../../internal-admin/export',
    'https://fhir.example.nhs.uk/fhir/R4/%2e%2e/%2E%2E/internal-admin/export',
    'https://fhir.example.nhs.uk/fhir/R4/..%2f..%2finternal-admin',
    'https://fhir.example.nhs.uk/fhir/R4x/Patient',
    'https://fhir.example.nhs.uk/fhir/R4\\..\\..\\admin',
    'https://user:pw@fhir.example.nhs.uk/fhir/R4/Patient',
    'https://fhir.example.nhs.uk.evil.test/fhir/R4/Patient',
    'http://fhir.example.nhs.uk/fhir/R4/Patient',
  ])('attack 8: a paging link out of the FHIR base (%s) is never followed, so the token never goes there', async (link) => {
    const { client, asked } = recordingClient('https://fhir.example.nhs.uk/fhir/R4');
    await expect(client.getUrl(link)).rejects.toBeInstanceOf(FhirError);
    expect(asked).toEqual([]);
  });

  it('follows a paging link under the base, and a relative path stays under it too', async () => {
    const { client, asked } = recordingClient('https://fhir.example.nhs.uk/fhir/R4');
    await client.getUrl('https://fhir.example.nhs.uk/fhir/R4?_getpages=abc&_page=2');
    await client.getUrl('https://fhir.example.nhs.uk/fhir/R4/Task?_page=3');
    await expect(client.request('GET', '../admin')).rejects.toBeInstanceOf(FhirError);
    expect(asked.map((a) => a.url)).toEqual(['https://fhir.example.nhs.uk/fhir/R4?_getpages=abc&_page=2', 'https://fhir.example.nhs.uk/fhir/R4/Task?_page=3']);
    expect(asked.every((a) => a.authorization === 'Bearer secret-token')).toBe(true);
  });
});
