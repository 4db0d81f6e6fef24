// The only place that calls Tauri's invoke. Typed clients per domain (session, staff, settings)
// call `backend.call`; tests can swap `backend` for a mock.
import { invoke } from '@tauri-apps/api/core';
import type { IpcError } from '../generated/IpcError';

export interface Backend {
  call<T>(command: string, args?: Record<string, unknown>): Promise<T>;
}

export function isIpcError(e: unknown): e is IpcError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

export let backend: Backend = {
  call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
    return invoke<T>(command, args);
  },
};

export function useBackend(b: Backend): void {
  backend = b;
}

/** The message to show for a failed call: the backend's localised text when it sent one. */
export function errorText(e: unknown): string {
  return isIpcError(e) ? e.message : String(e);
}

/** Each field's problem of a failed call, by field name (empty for other errors). */
export function fieldErrors(e: unknown): Record<string, string> {
  return isIpcError(e) ? Object.fromEntries(e.fields.map((x) => [x.field, x.message])) : {};
}

/** How a form shows a failed save: each field's problem beside its field and `fix` above the
 * form when the backend named fields; otherwise the error's own sentence and no field messages. */
export function formFailure(e: unknown, fix: string): { msgs: Record<string, string>; error: string } {
  return isIpcError(e) && e.fields.length ? { msgs: fieldErrors(e), error: fix } : { msgs: {}, error: errorText(e) };
}
