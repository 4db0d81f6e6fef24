import { describe, expect, it } from 'vitest';
import { carryOver } from './index';

describe('carryOver: what the desk search carries into a new patient form', () => {
  it.each([
    ['', {}],
    ['   ', {}],
    ['2015-03-04', { birth_date: '2015-03-04' }],
    ['010-1234-5678', { mobile: '010-1234-5678' }],
    ['01012345678', { mobile: '01012345678' }],
    ['02-123-4567', { phone: '02-123-4567' }],
    ['김민지', { name: '김민지' }],
    ['Kim Minji', { name: 'Kim Minji' }],
  ])('%j -> %j', (query, expected) => {
    expect(carryOver(query)).toEqual(expected);
  });

  it('carries nothing for six digits (more likely a birth date than part of a number)', () => {
    expect(carryOver('150304')).toEqual({});
  });

  it('carries nothing for initials alone or a chart number', () => {
    expect(carryOver('ㄱㅁㅈ')).toEqual({});
    expect(carryOver('C-000123')).toEqual({});
  });
});
