import { beforeEach, describe, expect, it } from 'vitest';
import { drafts } from './index';

describe('drafts kept across an idle lock', () => {
  beforeEach(() => drafts.clear());

  it('are given back to the person who typed them, as copies', () => {
    drafts.claim('desk.lee');
    const form = { name: '김민지', notes: ['a'] };
    drafts.keep('new-patient', form);
    form.notes.push('changed after keeping');
    drafts.claim('desk.lee');
    expect(drafts.get('new-patient')).toEqual({ name: '김민지', notes: ['a'] });
  });

  it('are dropped when someone else signs in, or on an explicit sign-out', () => {
    drafts.claim('desk.lee');
    drafts.keep('new-patient', { name: '김민지' });
    drafts.claim('desk.park');
    expect(drafts.get('new-patient')).toBeUndefined();

    drafts.keep('booking', { at: '2026-12-01 10:00' });
    drafts.clear();
    expect(drafts.get('booking')).toBeUndefined();
  });
});
