import { describe, expect, it } from 'vitest';
import { errorText, fieldErrors, formFailure, isIpcError } from './ipc';

const invalid = {
  code: 'invalid-input',
  message: '입력을 확인해 주십시오.',
  fields: [
    { field: 'birth_date', message: '날짜를 YYYY-MM-DD로 적어 주십시오.' },
    { field: 'mobile', message: '휴대전화 번호가 아닙니다.' },
  ],
  patients: [],
  chart_no: null,
};

describe('the IPC error', () => {
  it('is recognised by its code and message, and nothing else is', () => {
    expect(isIpcError(invalid)).toBe(true);
    expect(isIpcError(new Error('boom'))).toBe(false);
    expect(isIpcError('forbidden')).toBe(false);
    expect(isIpcError(null)).toBe(false);
  });

  it('gives each field its own problem', () => {
    expect(fieldErrors(invalid)).toEqual({
      birth_date: '날짜를 YYYY-MM-DD로 적어 주십시오.',
      mobile: '휴대전화 번호가 아닙니다.',
    });
    expect(fieldErrors(new Error('boom'))).toEqual({});
  });

  it('shows the backend text, or the thrown value as text', () => {
    expect(errorText(invalid)).toBe('입력을 확인해 주십시오.');
    expect(errorText(new Error('boom'))).toBe('Error: boom');
  });

  it('tells a form what to show: the fields and the summary, or the one sentence', () => {
    expect(formFailure(invalid, '고칠 곳이 있습니다.')).toEqual({
      msgs: {
        birth_date: '날짜를 YYYY-MM-DD로 적어 주십시오.',
        mobile: '휴대전화 번호가 아닙니다.',
      },
      error: '고칠 곳이 있습니다.',
    });
    const conflict = { ...invalid, code: 'conflict', message: '이미 처리되었습니다.', fields: [] };
    expect(formFailure(conflict, '고칠 곳이 있습니다.')).toEqual({ msgs: {}, error: '이미 처리되었습니다.' });
  });
});
