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
error-duplicate-patient = 이미 등록된 환자입니다 (병원등록번호 { $chart_no }). 새로 등록하지 말고 그 환자를 여십시오.
error-possible-duplicate = 이름과 생년월일이 같거나 휴대전화가 같은 환자가 { $count }명 있습니다. 같은 사람인지 확인하십시오.
error-bad-credentials = 아이디 또는 비밀번호가 맞지 않습니다.
error-locked-out = 로그인 실패가 너무 많아 { $until }까지 이 계정의 로그인을 막았습니다.
error-account-disabled = 사용이 중지된 계정입니다. 관리자에게 문의하십시오.
error-forbidden = 이 계정의 역할로는 할 수 없는 일입니다.
error-session-locked = 화면이 잠겼습니다. 계속하려면 다시 로그인하십시오.
error-internal = 예상하지 못한 문제가 생겼습니다: { $detail }

# 입력 칸별 안내 (화면과 CLI가 함께 씁니다)
field-required = 이 칸을 채우십시오.
field-too-long = { $max }자 이하로 적으십시오.
field-control-chars = 줄바꿈이나 제어 문자는 쓸 수 없습니다.
field-username-rule = 아이디는 영문 소문자, 숫자, 마침표(.), 밑줄(_), 하이픈(-)으로 3~32자이며 영문이나 숫자로 시작합니다.
field-display-name-rule = 이름은 1~40자로 적으십시오.
field-password-short = 비밀번호는 { $min }자 이상이어야 하며 공백만으로는 안 됩니다.
field-password-long = 비밀번호는 { $max }자 이하여야 합니다.
field-name-chars = 이름에는 한글, 영문, 띄어쓰기만 쓸 수 있습니다.
field-date-format = 날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다 (예: 1990-01-01).
field-date-future = 앞으로 올 날짜는 쓸 수 없습니다.
field-gender = 성별을 고르십시오 (남 M, 여 F).
field-rrn-format = 주민등록번호는 YYMMDD-GNNNNNN 형식의 13자리 숫자입니다.
field-rrn-date = 주민등록번호 앞자리가 실제 날짜가 아닙니다.
field-rrn-birth-mismatch = 주민등록번호의 생년월일({ $rrn_date })이 입력한 생년월일과 다릅니다.
field-rrn-gender-mismatch = 주민등록번호 뒷자리 첫 숫자({ $g })가 입력한 성별과 맞지 않습니다.
field-phone-format = 전화번호 형식이 아닙니다 (예: 010-1234-5678, 02-123-4567).
field-mobile-not-mobile = 휴대전화 번호는 010 등 휴대전화 번호여야 합니다.
field-contact-required = 연락처나 휴대전화 중 하나는 적으십시오.
field-email-format = 이메일 주소 형식이 아닙니다 (예: hong@example.kr).
field-chart-no-format = 병원등록번호는 영문, 숫자, 하이픈(-)으로 { $max }자 이하입니다.
field-yes-no = y 또는 n 이어야 합니다.
field-rrn-repeated = 같은 주민등록번호가 { $line }번째 줄에도 있습니다.
field-rrn-registered = 이미 등록된 환자입니다 (병원등록번호 { $chart_no }).
field-chart-no-repeated = 같은 병원등록번호가 { $line }번째 줄에도 있습니다.
field-chart-no-taken = 이미 쓰고 있는 병원등록번호입니다.
field-consent-answer = 동의 또는 동의하지 않음을 골라 주세요.
field-consent-required = 필수 항목에 동의해야 등록할 수 있습니다.
field-consent-changed = 동의서 문구가 바뀌었습니다. 새 문구를 다시 읽어 주세요.
field-consent-guardian = 만 19세 미만은 본인 동의가 아니라 법정대리인 동의 절차로 받습니다.
field-reason-required = 사유를 두 글자 이상 적어 주세요.
field-chart-format = {"{"}YYYY{"}"}, {"{"}YY{"}"}, {"{"}SEQ:5{"}"} 같은 자리표와 영문 대문자, 숫자, 붙임표(-)만 쓸 수 있고, {"{"}SEQ:n{"}"}(n은 3~9)이 꼭 있어야 합니다.
