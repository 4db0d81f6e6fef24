; Jeopsu's additions to the Tauri NSIS installer (bundle > windows > nsis > installerHooks).
;
; The database lives in the user's app-data folder, %APPDATA%\Jeopsu\Jeopsu\data (the `directories`
; crate's place for kr/Jeopsu/Jeopsu), not in the install folder, so uninstalling removes the
; program and keeps the data. Only when the person ticks "Delete the application data" on the
; uninstall page is the data removed too, and only after a second, plain warning that nothing
; can be restored without a backup and the recovery phrase. Silent (/S), passive (/P) and update
; runs never delete data: the checkbox is not shown there. Deleting the data also removes the
; database's keys from Credential Manager (the app's `key forget`), so no secret of it is left.

!macro NSIS_HOOK_PREUNINSTALL
  ${If} $DeleteAppDataCheckboxState = 1
  ${AndIf} $UpdateMode <> 1
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "접수(Jeopsu)의 데이터베이스도 지웁니다: 환자 기록, 동의 기록, 접속기록, CCTV 관리대장.$\r$\n백업 파일과 복구 문구가 없으면 되살릴 수 없습니다. 정말 지울까요?$\r$\n$\r$\nThis also deletes Jeopsu's database: patient records, consents, the access log and the CCTV ledger.$\r$\nWithout a backup file and the recovery phrase it cannot be restored. Delete it?" IDYES jeopsu_delete_confirmed
      ; "No": keep the data, uninstall the program only.
      StrCpy $DeleteAppDataCheckboxState 0
      Goto jeopsu_keep_data
    jeopsu_delete_confirmed:
      ; "Yes": the database's keys leave Credential Manager first, while the program is still
      ; here to do it (`jeopsu key forget --yes`); the folder itself goes in POSTUNINSTALL. A
      ; failure here (no key there, Credential Manager unreachable) does not stop the uninstall.
      SetShellVarContext current
      nsExec::Exec '"$INSTDIR\jeopsu-app.exe" cli --data-dir "$APPDATA\Jeopsu\Jeopsu\data" key forget --yes'
      Pop $0
    jeopsu_keep_data:
  ${EndIf}
!macroend

!macro NSIS_HOOK_POSTUNINSTALL
  ${If} $DeleteAppDataCheckboxState = 1
  ${AndIf} $UpdateMode <> 1
    SetShellVarContext current
    RmDir /r "$APPDATA\Jeopsu\Jeopsu"
    RmDir "$APPDATA\Jeopsu"
  ${EndIf}
  Delete "$INSTDIR\jeopsu.cmd"
!macroend

; The admin tool: `jeopsu.cmd` beside the app runs the app's own binary as the CLI
; (`jeopsu-app.exe cli ...`), so Command Prompt in the install folder has `jeopsu verify`,
; `jeopsu backup` and `jeopsu audit list`. Written at install, removed at uninstall.
; Configuration only: not built or run here (no Windows machine).
!macro NSIS_HOOK_POSTINSTALL
  FileOpen $0 "$INSTDIR\jeopsu.cmd" w
  FileWrite $0 '@"%~dp0jeopsu-app.exe" cli %*$\r$\n'
  FileClose $0
!macroend
