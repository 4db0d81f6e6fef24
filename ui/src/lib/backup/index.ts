import { Channel } from '@tauri-apps/api/core';
import { backend } from '../backend/ipc';
import type { BackupDone } from '../generated/BackupDone';
import type { BackupFile } from '../generated/BackupFile';
import type { BackupPlace } from '../generated/BackupPlace';
import type { RestoreDone } from '../generated/RestoreDone';
import type { Step } from '../generated/Step';
import type { BackupStatusView } from '../generated/BackupStatusView';
import type { DrillResult } from '../generated/DrillResult';
import type { Rotation } from '../generated/Rotation';
import type { Warning } from '../generated/Warning';

/** The steps in the order they happen, for a progress bar. */
export const backupSteps: Step[] = ['exporting', 'checking', 'writing', 'verifying', 'done'];
export const restoreSteps: Step[] = ['reading', 'checking', 'replacing', 'done'];

function progressChannel(onStep: (s: Step) => void): Channel<Step> {
  const ch = new Channel<Step>();
  ch.onmessage = onStep;
  return ch;
}

export const backup = {
  places: () => backend.call<BackupPlace[]>('backup_places'),
  filesIn: (folder: string) => backend.call<BackupFile[]>('backups_in', { folder }),
  now: (folder: string, onStep: (s: Step) => void) =>
    backend.call<BackupDone>('backup_now', { folder, onProgress: progressChannel(onStep) }),
  restore: (file: string, phrase: string | null, onStep: (s: Step) => void) =>
    backend.call<RestoreDone>('restore_backup', { file, phrase, onProgress: progressChannel(onStep) }),
};

/** Scheduled backups (the admin screen) and their warning (every admin's and the privacy officer's screens). */
export const scheduled = {
  status: () => backend.call<BackupStatusView>('backup_status'),
  warning: () => backend.call<Warning | null>('backup_warning'),
  /** What broke in the audit chains at the last unlock (admin and privacy officer). */
  integrity: () => backend.call<string | null>('integrity_warning'),
  setFolder: (folder: string) => backend.call<BackupStatusView>('backup_set_folder', { folder }),
  setRotation: (rotation: Rotation) => backend.call<BackupStatusView>('backup_set_rotation', { rotation }),
  runNow: () => backend.call<BackupStatusView>('backup_run_scheduled'),
  drill: (file: string, onStep: (s: Step) => void) =>
    backend.call<DrillResult>('backup_drill', { file, onProgress: progressChannel(onStep) }),
};

/** `12.3 MB`, for file sizes. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
