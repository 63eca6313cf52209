// @vitest-environment happy-dom
/**
 * The example policy files in docs/policies/ are read here, so they cannot go out of date: each must
 * name this extension, fit public/managed_schema.json, and pass the same checks the extension applies.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidCssSelector, validateDeclaredRules } from '../context/rules/declared-adapter';
import { validateSettings } from './settings';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const schema = JSON.parse(read('public/managed_schema.json')) as Schema;
const wxtConfig = read('wxt.config.ts');

/** The extension id Chrome derives from the manifest's public key. */
const extensionId = (() => {
  const key = /key: '([A-Za-z0-9+/=]+)'/.exec(wxtConfig)![1]!;
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
})();
const geckoId = /id: '([^']+@[^']+)'/.exec(wxtConfig)![1]!;

interface Schema {
  type: string;
  properties?: Record<string, Schema>;
  items?: Schema;
}

/** Chrome's managed-schema subset: type, properties, items. Returns the paths that do not fit. */
function schemaProblems(value: unknown, s: Schema, where = '$'): string[] {
  const typeOk =
    s.type === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value)
    : s.type === 'array' ? Array.isArray(value)
    : s.type === 'integer' ? Number.isInteger(value)
    : typeof value === s.type;
  if (!typeOk) return [`${where} should be ${s.type}`];
  if (s.type === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      s.properties?.[k] ? schemaProblems(v, s.properties[k], `${where}.${k}`) : [`${where}.${k} is not in the schema`],
    );
  }
  if (s.type === 'array' && s.items) return (value as unknown[]).flatMap((v, i) => schemaProblems(v, s.items!, `${where}[${i}]`));
  return [];
}

function checkConfig(config: Record<string, unknown>) {
  expect(schemaProblems(config, schema)).toEqual([]);
  expect(validateSettings(config)).toEqual([]);
  expect(validateDeclaredRules(config.eprRules, isValidCssSelector).problems).toEqual([]);
  expect(config.fhirBaseUrl).toMatch(/^https:\/\//);
}

describe('example policy files (docs/policies)', () => {
  it('the schema covers every setting the extension reads', () => {
    const settingsSource = read('utils/policy/settings.ts');
    const defaults = /DEFAULT_SETTINGS: Settings = \{([\s\S]*?)\};/.exec(settingsSource)![1]!;
    const keys = [...defaults.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]);
    expect(Object.keys(schema.properties!).sort()).toEqual(keys.sort());
  });

  it('Chrome / Edge on Linux: force-installs this extension and configures it', () => {
    const policy = JSON.parse(read('docs/policies/chrome-edge-linux.json')) as {
      ExtensionSettings: Record<string, { installation_mode: string }>;
      '3rdparty': { extensions: Record<string, Record<string, unknown>> };
    };
    expect(policy.ExtensionSettings[extensionId]?.installation_mode).toBe('force_installed');
    checkConfig(policy['3rdparty'].extensions[extensionId]!);
    expect((policy['3rdparty'].extensions[extensionId]!.eprRules as unknown[]).length).toBe(1);
  });

  it('Firefox policies.json: force-installs by add-on id and configures it', () => {
    const policy = JSON.parse(read('docs/policies/firefox-policies.json')) as {
      policies: { ExtensionSettings: Record<string, { installation_mode: string }>; '3rdparty': { Extensions: Record<string, Record<string, unknown>> } };
    };
    expect(policy.policies.ExtensionSettings[geckoId]?.installation_mode).toBe('force_installed');
    checkConfig(policy.policies['3rdparty'].Extensions[geckoId]!);
  });

  it('Windows registry: the 3rdparty policy key of this extension, with typed values', () => {
    const reg = read('docs/policies/chrome-windows.reg');
    expect(reg).toContain(`"1"="${extensionId};`);
    const section = reg.split(`3rdparty\\extensions\\${extensionId}\\policy]`)[1]!;
    const value = (name: string) => new RegExp(`"${name}"=(.+)`).exec(section)![1]!.trim();
    const config = {
      fhirBaseUrl: JSON.parse(value('fhirBaseUrl')) as string,
      staleAfterSeconds: parseInt(value('staleAfterSeconds').replace('dword:', ''), 16),
      eprRules: JSON.parse(JSON.parse(value('eprRules')) as string) as unknown[],
    };
    checkConfig(config);
  });

  it('macOS configuration profile payload: the same settings', () => {
    const plist = read('docs/policies/chrome-macos.plist');
    expect(plist).toContain(`com.google.Chrome.extensions.${extensionId}`);
    const str = /<key>fhirBaseUrl<\/key>\s*<string>([^<]+)<\/string>/.exec(plist)![1]!;
    const int = Number(/<key>staleAfterSeconds<\/key>\s*<integer>(\d+)<\/integer>/.exec(plist)![1]);
    checkConfig({ fhirBaseUrl: str, staleAfterSeconds: int, eprRules: [] });
  });
});
