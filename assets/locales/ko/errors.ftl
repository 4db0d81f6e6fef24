# 오류 메시지. 각 오류 코드(jeopsu_core::Code)마다 하나씩 있어야 합니다.
error-not-initialized = { $dir } 에 접수 데이터베이스가 없습니다. 처음 설치라면 'jeopsu init'으로 만드십시오.
error-already-initialized = { $dir } 에 이미 데이터베이스가 있습니다. 기존 자료를 지키기 위해 새로 만들지 않았습니다.
error-key-not-in-keyring = 이 컴퓨터의 키 보관함에 이 데이터베이스의 열쇠가 없습니다 (새 PC이거나 운영체제를 다시 설치한 경우). 설치할 때 받은 복구 문구로 여십시오 (--recovery-phrase-file).
error-keyring-unavailable = 이 컴퓨터의 키 보관함을 쓸 수 없습니다 ({ $detail }). 복구 문구로 여십시오 (--recovery-phrase-file).
error-phrase-typo = { $group ->
    [0] 복구 문구에 오타가 있습니다: 글자 수나 확인 글자가 맞지 않습니다. 인쇄된 복구 용지와 한 글자씩 비교해 보십시오.
   *[other] 복구 문구의 { $group }번째 묶음에 오타가 있습니다. 인쇄된 복구 용지와 비교해 보십시오.
}
error-phrase-wrong = 이 복구 문구는 형식은 맞지만 이 데이터베이스의 것이 아닙니다. 다른 설치의 복구 용지가 아닌지 확인하십시오.
error-key-file-damaged = 데이터베이스 옆의 열쇠 파일({ $path })이 없거나 손상되었습니다. 백업에서 복원하십시오.
error-database-unreadable = 데이터베이스 파일({ $path })을 이 열쇠로 읽을 수 없습니다. 파일이 손상되었거나 잘렸거나 다른 설치의 파일입니다. 파일은 바꾸지 않았습니다. 백업에서 복원하십시오.
error-schema-too-new = 이 데이터베이스는 더 새 버전의 접수 프로그램이 만든 것입니다 (형식 { $found }, 이 프로그램은 { $known }까지 압니다). 프로그램을 업데이트하십시오. 파일은 바꾸지 않았습니다.
error-integrity-failed = 무결성 검사에 실패했습니다: { $detail }
error-backup-damaged = 백업 파일을 쓸 수 없습니다: { $detail }
error-disk-full = 디스크가 가득 찼거나 파일 크기 한도에 닿아 저장하지 못했습니다. 변경은 적용되지 않았습니다. 공간을 확보한 뒤 다시 하십시오.
error-permission-denied = 운영체제가 { $path } 에 대한 접근을 거부했습니다. 폴더 권한을 확인하십시오.
error-io = 파일을 읽거나 쓰는 중 문제가 생겼습니다: { $detail }
error-invalid-input = 입력이 올바르지 않습니다: { $detail }
error-not-found = 찾을 수 없습니다: { $what }
error-conflict = 이미 있는 것과 겹칩니다: { $detail }
error-bad-credentials = 아이디 또는 비밀번호가 맞지 않습니다.
error-locked-out = 로그인 실패가 너무 많아 { $until }까지 이 계정의 로그인을 막았습니다.
error-account-disabled = 사용이 중지된 계정입니다. 관리자에게 문의하십시오.
error-forbidden = 이 계정의 역할로는 할 수 없는 일입니다.
error-session-locked = 화면이 잠겼습니다. 계속하려면 다시 로그인하십시오.
error-internal = 예상하지 못한 문제가 생겼습니다: { $detail }
