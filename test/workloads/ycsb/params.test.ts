import { describe, expect, it } from 'vitest';
import { workloadFactory } from '../../../workloads/registry.js';
import { WorkloadParamError } from '../../../workloads/types.js';

const a = workloadFactory('ycsb-a')!;

describe('YCSB parameters', () => {
  it('fill in the preset and cachebench defaults, in a form that resolves to itself', () => {
    const resolved = a.resolveParams({});
    expect(resolved).toEqual({
      recordcount: 10_000,
      fieldcount: 10,
      fieldlength: '100',
      readallfields: true,
      writeallfields: false,
      readproportion: 0.5,
      updateproportion: 0.5,
      insertproportion: 0,
      scanproportion: 0,
      readmodifywriteproportion: 0,
      requestdistribution: 'zipfian:0.99',
      maxscanlength: 1000,
      scanlengthdistribution: 'uniform',
      keyprefix: 'user',
      insertorder: 'hashed',
      storage: 'auto',
    });
    expect(a.resolveParams(resolved)).toEqual(resolved);
  });

  it('take overrides under YCSB’s property names', () => {
    const resolved = a.resolveParams({ recordcount: '500', requestdistribution: 'uniform', readproportion: 0.9, updateproportion: '0.1', fieldlength: '10-20' });
    expect(resolved['recordcount']).toBe(500);
    expect(resolved['requestdistribution']).toBe('uniform');
    expect(resolved['readproportion']).toBe(0.9);
    expect(resolved['updateproportion']).toBe(0.1);
    expect(resolved['fieldlength']).toBe('10-20');
  });

  it.each([
    [{ recordcount: 0 }, 'recordcount', /whole number from 1/],
    [{ fieldcount: 'ten' }, 'fieldcount', /whole number/],
    [{ fieldlength: 'long' }, 'fieldlength', /whole number of bytes/],
    [{ readproportion: -1 }, 'readproportion', /weight of 0 or more/],
    [{ readproportion: 0, updateproportion: 0 }, 'readproportion', /at least one of readproportion, updateproportion/],
    [{ requestdistribution: 'pareto' }, 'requestdistribution', /unknown key distribution/],
    [{ scanlengthdistribution: 'normal' }, 'scanlengthdistribution', /uniform or zipfian/],
    [{ storage: 'blob' }, 'storage', /auto, hash, record/],
    [{ insertorder: 'random' }, 'insertorder', /hashed or ordered/],
    [{ readallfields: 'yes' }, 'readallfields', /true or false/],
    [{ recordCount: 10 }, 'recordCount', /unknown ycsb-a parameter; allowed: recordcount/],
  ])('refuse %j naming the field', (params, field, why) => {
    let error: unknown;
    try {
      a.resolveParams(params);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkloadParamError);
    expect((error as WorkloadParamError).field).toBe(field);
    expect((error as Error).message).toMatch(new RegExp(`^${field}: `));
    expect((error as Error).message).toMatch(why);
  });
});
