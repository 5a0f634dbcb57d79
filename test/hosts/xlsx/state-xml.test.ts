import { decodeStateXml, encodeStateXml, isStateXml } from '../../../src/hosts/state-xml';

describe('state XML (PriorWrites shared by both hosts)', () => {
  it('encodes the agreed shape', () => {
    expect(encodeStateXml({ 'Sheet1!H6': '0.95' })).toBe('<jixiao xmlns="urn:jixiao:state:1" version="1">{"writes":{"Sheet1!H6":"0.95"}}</jixiao>');
  });

  it('round-trips keys and values that need escaping', () => {
    const prior = { "F04 事业单位<招考>&'经费'!H6": '0.9978', 'S!A1': '"q" ]]> </jixiao>', 'S!B2': '' };
    const xml = encodeStateXml(prior);
    expect(xml).not.toContain('</jixiao>"');
    expect(decodeStateXml(xml)).toEqual({ prior, problems: [] });
  });

  it('is stable: the same record gives the same bytes whatever the key order', () => {
    expect(encodeStateXml({ b: '1', a: '2' })).toBe(encodeStateXml({ a: '2', b: '1' }));
  });

  it('writes what JSON.stringify writes for the sorted record, also for keys an object reorders or drops', () => {
    const reference = (prior: Record<string, string>): string => {
      const writes: Record<string, string> = {};
      for (const key of Object.keys(prior).sort()) writes[key] = prior[key];
      return `<jixiao xmlns="urn:jixiao:state:1" version="1">${JSON.stringify({ writes }).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</jixiao>`;
    };
    const usual = { 'S!A1': '1', '表\u2028"x"\\!B2': 'a\u0000b\ud800', 'Z!C3': '<&>' };
    expect(encodeStateXml(usual)).toBe(reference(usual));
    const odd = JSON.parse('{"S!A1":"1","10":"x","9":"y","__proto__":"z"}') as Record<string, string>;
    expect(encodeStateXml(odd)).toBe(reference(odd));
  });

  it('reads what Office or another writer may add: declaration, prefix, CDATA, numeric entities', () => {
    const xml = '\uFEFF<?xml version="1.0" encoding="utf-8"?><!-- c --><j:jixiao xmlns:j="urn:jixiao:state:1" version="1"><![CDATA[{"writes":{"S!A1":"1"]]>&#44;&#x22;S!A2&quot;:"2"}}</j:jixiao>';
    expect(decodeStateXml(xml)).toEqual({ prior: { 'S!A1': '1', 'S!A2': '2' }, problems: [] });
  });

  it('recognises only its own namespace as root', () => {
    expect(isStateXml(encodeStateXml({}))).toBe(true);
    expect(isStateXml('<jixiao xmlns="urn:other">{}</jixiao>')).toBe(false);
    expect(isStateXml('<root><jixiao xmlns="urn:jixiao:state:1"/></root>')).toBe(false);
  });

  it('reports damage in Chinese and starts fresh instead of failing', () => {
    const bad = decodeStateXml('<jixiao xmlns="urn:jixiao:state:1" version="1">{"writes": nope</jixiao>');
    expect(bad.prior).toEqual({});
    expect(bad.problems[0]).toMatch(/助手记录已损坏/);
    const mixed = decodeStateXml('<jixiao xmlns="urn:jixiao:state:1" version="1">{"writes":{"S!A1":"1","S!A2":2}}</jixiao>');
    expect(mixed.prior).toEqual({ 'S!A1': '1' });
    expect(mixed.problems).toHaveLength(1);
    expect(decodeStateXml('<jixiao xmlns="urn:jixiao:state:1" version="1"/>')).toEqual({ prior: {}, problems: [] });
    expect(decodeStateXml('<jixiao xmlns="urn:jixiao:state:1" version="2">{"writes":{}}</jixiao>').problems[0]).toMatch(/更新的版本/);
    expect(decodeStateXml('not xml').problems).toHaveLength(1);
  });
});
