// @vitest-environment happy-dom
/**
 * The example policy files in docs/policies/ are read here, so they cannot go out of date: each must
 * name this extension, fit public/managed_schema.json, and pass the same checks the extension applies.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidCssSelector, validateDeclaredRules } from './validate-rules';
import { PRODUCTION_DEFAULTS, SECURITY_KEYS, validateSettings } from './settings';

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

/** Each example must fit the schema, pass the store build's checks, and set every security-relevant setting. */
function checkConfig(config: Record<string, unknown>) {
  expect(schemaProblems(config, schema)).toEqual([]);
  expect(validateSettings(config, { allowLocalHttp: false })).toEqual([]);
  expect(validateDeclaredRules(config.eprRules, { canCheckSelector: isValidCssSelector }).problems).toEqual([]);
  expect(config.fhirBaseUrl).toMatch(/^https:\/\//);
  expect(SECURITY_KEYS.filter((k) => config[k] === undefined)).toEqual([]);
}

/** The settings of the macOS profile payload: a plist dict of strings, integers, arrays and dicts. */
function plistValue(el: Element): unknown {
  switch (el.tagName) {
    case 'string':
      return el.textContent ?? '';
    case 'integer':
      return Number(el.textContent);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'array':
      return [...el.children].map(plistValue);
    case 'dict': {
      const out: Record<string, unknown> = {};
      const kids = [...el.children];
      for (let i = 0; i < kids.length; i += 2) out[kids[i]!.textContent!] = plistValue(kids[i + 1]!);
      return out;
    }
    default:
      throw new Error(`unexpected plist element ${el.tagName}`);
  }
}

describe('example policy files (docs/policies)', () => {
  it('the schema covers every setting the extension reads', () => {
    expect(Object.keys(schema.properties!).sort()).toEqual(Object.keys(PRODUCTION_DEFAULTS).sort());
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
    // Strings as REG_SZ (lists and objects as JSON inside them, as Chrome reads them), numbers and booleans as DWORDs.
    const config: Record<string, unknown> = {};
    for (const [, name, raw] of section.matchAll(/^"(\w+)"=(.+)$/gm)) {
      // A DWORD is a number, or a boolean where the schema says so (Chrome reads 0 and 1 as false and true).
      if (raw!.startsWith('dword:')) config[name!] = schema.properties![name!]?.type === 'boolean' ? parseInt(raw!.slice(6), 16) !== 0 : parseInt(raw!.slice(6), 16);
      else {
        const text = JSON.parse(raw!) as string;
        const kind = schema.properties![name!]?.type;
        config[name!] = kind === 'array' || kind === 'object' ? (JSON.parse(text) as unknown) : text;
      }
    }
    checkConfig(config);
  });

  it('macOS configuration profile payload: the same settings', () => {
    const plist = read('docs/policies/chrome-macos.plist');
    expect(plist).toContain(`com.google.Chrome.extensions.${extensionId}`);
    const doc = new DOMParser().parseFromString(plist.replace(/<!DOCTYPE[^>]*>/, ''), 'application/xml');
    checkConfig(plistValue(doc.querySelector('plist > dict')!) as Record<string, unknown>);
  });
});
