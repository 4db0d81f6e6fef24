import { describe, expect, it } from 'vitest';
import { controlAttrs } from './field';

describe('controlAttrs', () => {
  it('describes the control by its problem, and by its hint first when it has one', () => {
    expect(controlAttrs('f1', '', false)['aria-describedby']).toBe('f1-m');
    expect(controlAttrs('f1', '', true)['aria-describedby']).toBe('f1-h f1-m');
  });

  it('marks the control invalid only while it has a problem', () => {
    expect(controlAttrs('f1', '날짜를 YYYY-MM-DD로 적어 주십시오.', false)['aria-invalid']).toBe(true);
    expect(controlAttrs('f1', '', false)['aria-invalid']).toBe(false);
    expect(controlAttrs('f1', '   ', false)['aria-invalid']).toBe(false);
  });
});
