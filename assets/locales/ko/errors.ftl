# 오류 메시지. 각 오류 코드(jeopsu_core::Code)마다 하나씩 있어야 합니다.
error-not-initialized = { $dir }에 접수 데이터베이스가 없습니다. 처음 설치라면 'jeopsu init'으로 만드십시오.
error-already-initialized = { $dir }에 이미 데이터베이스가 있습니다. 기존 자료를 지키기 위해 새로 만들지 않았습니다.
error-key-not-in-keyring = 이 컴퓨터의 키 보관함에 이 데이터베이스의 열쇠가 없습니다 (새 PC이거나 운영체제를 다시 설치한 경우). 설치할 때 받은 복구 문구로 여십시오 (--recovery-phrase-file).
error-keyring-unavailable = 이 컴퓨터의 키 보관함을 쓸 수 없습니다 ({ $detail }). 복구 문구로 여십시오 (--recovery-phrase-file).
error-device-secret-missing = 이 컴퓨터에는 이 의원의 기기 열쇠가 없습니다 (다른 PC이거나 운영체제를 다시 설치한 경우). 그래서 직원 비밀번호로는 열 수 없습니다. 복구 문구로 한 번 열면 열쇠가 다시 저장되고 비밀번호가 다시 통합니다.
error-slots-damaged = 데이터베이스 옆의 로그인 열쇠 파일(jeopsu.slots)이 손상되었습니다. 복구 문구로 연 뒤, 관리자가 비밀번호를 재설정하면 직원마다 다시 로그인하십시오.
error-credentials-required = 누가 쓰는지 밝혀 주십시오: 명령 앞에 --staff 사용자이름 --staff-password-file 파일, 또는 복구 작업이면 --recovery-phrase-file 파일.
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
error-backup-folder-missing = 백업 폴더({ $dir })가 없습니다. USB 저장장치가 꽂혀 있는지 확인하십시오. 폴더가 다시 보이면 그때 백업합니다.
error-secret-file-exposed = { $path } 파일은 이 컴퓨터의 다른 사용자도 읽을 수 있어 쓰지 않았습니다. 본인만 읽게 바꾼 뒤(chmod 600 { $path }) 다시 하십시오.
error-clock-suspect = 컴퓨터 시계가 { $today }인데 접속기록의 마지막 활동은 { $log }입니다. 시계가 틀렸을 수 있어 파기를 시작하지 않았습니다. 오늘 날짜가 맞다면 오늘 날짜를 입력해 확인한 뒤 다시 하십시오.
error-disk-full = 디스크가 가득 찼거나 파일 크기 한도에 닿아 저장하지 못했습니다. 변경은 적용되지 않았습니다. 공간을 확보한 뒤 다시 하십시오.
error-permission-denied = 운영체제가 { $path }에 대한 접근을 거부했습니다. 폴더 권한을 확인하십시오.
error-io = 파일을 읽거나 쓰는 중 문제가 생겼습니다: { $detail }
error-invalid-input = 입력이 올바르지 않습니다: { $detail }
error-not-found = 찾을 수 없습니다: { $thing ->
    [patient] 환자(내부 번호 { $id })
    [chart-number] 병원등록번호 { $id }
    [appointment] 예약 { $id }번
    [visit] 접수 { $id }번
    [consent-record] 동의 기록 { $id }번
    [cctv-request] CCTV 영상 청구 { $id }번
    [privacy-request] 개인정보 요구 { $id }번
    [legal-hold] 보류 { $id }번 (이미 풀렸거나 없는 번호)
    [staff-account] 직원 계정 { $id }
    [folder] 폴더 { $id }
    [file] 파일 { $id }
   *[other] { $id }
}
error-conflict = 이미 있는 것과 겹칩니다: { $detail }
error-duplicate-patient = 이미 등록된 환자입니다 (병원등록번호 { $chart_no }). 새로 등록하지 말고 그 환자를 여십시오.
error-possible-duplicate = 이름과 생년월일이 같거나 휴대전화가 같은 환자가 { $count }명 있습니다. 같은 사람인지 확인하십시오.
error-bad-credentials = 아이디 또는 비밀번호가 맞지 않습니다.
error-locked-out = 로그인 실패가 너무 많아 { $until }까지 이 계정의 로그인을 막았습니다.
error-account-disabled = 사용이 중지된 계정입니다. 관리자에게 문의하십시오.
error-forbidden = 이 계정의 역할로는 할 수 없는 일입니다.
error-session-locked = 화면이 잠겼습니다. 계속하려면 다시 로그인하십시오.
error-password-change-required = 계속하기 전에 비밀번호를 바꿔야 합니다. 관리자가 정한 비밀번호이거나, 병원이 정한 변경 주기가 지났습니다.
error-document-failed = 문서를 만들지 못했습니다. 저장되거나 기록된 것은 없습니다: { $detail }
error-internal = 예상하지 못한 문제가 생겼습니다: { $detail }

# 입력 칸별 안내 (화면과 CLI가 함께 씁니다)
field-required = 이 칸을 채우십시오.
field-folder-absolute = 폴더를 전체 경로로 고르십시오 (예: USB 저장장치의 폴더).
field-date-range = { $from }년부터 { $to }년 사이의 날짜를 적으십시오.
field-import-too-many = 한 번에 가져올 수 있는 것은 { $max }줄까지입니다. 파일을 나눠 가져오십시오. 아무것도 쓰지 않았습니다.
field-import-too-large = 가져올 파일은 { $max } MB까지입니다. 파일을 나눠 가져오십시오. 아무것도 쓰지 않았습니다.
field-too-long = { $max }자 이하로 적으십시오.
field-control-chars = 줄바꿈이나 제어 문자는 쓸 수 없습니다.
field-username-rule = 아이디는 영문 소문자, 숫자, 마침표(.), 밑줄(_), 하이픈(-)으로 3~32자이며 영문이나 숫자로 시작합니다.
field-display-name-rule = 이름은 1~40자로 적으십시오.
field-password-short = 비밀번호는 { $min }자 이상이어야 하며 공백만으로는 안 됩니다.
field-password-long = 비밀번호는 { $max }자 이하여야 합니다.
field-name-chars = 이름은 글자로 시작해야 하고, 글자(한글, 영문, 한자, 베트남어 등 모든 문자), 띄어쓰기, 하이픈(-), 아포스트로피('), 가운뎃점(·)만 쓸 수 있습니다. 숫자와 기호는 쓸 수 없습니다.
field-date-format = 날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다 (예: 1990-01-01).
field-appointment-past = 이미 지난 시각입니다. 지금 이후 시각을 고르세요.
field-last-visit-range = 마지막 내원일은 생년월일과 오늘 사이여야 합니다.
field-id-exempt-minor = 만 19세 미만 예외가 아닙니다. 환자가 만 19세 이상입니다. 신분증이나 모바일 건강보험증을 확인하세요.
field-id-exempt-recent = 6개월 이내 확인 예외가 아닙니다. 최근 6개월 안에 이곳에서 본인 확인을 한 기록이 없습니다. 신분증이나 모바일 건강보험증을 확인하세요.
field-names-confirm = 개인정보 처리방침에는 책임자 이름이 로마자로 적혀 있습니다. 위 이름의 한글 표기가 맞는지 본인에게 확인한 뒤 표시하세요.
field-power-of-attorney = 대리인은 촬영된 사람의 위임장이 있어야 합니다. 위임장을 확인하고 표시하세요.
field-date-after-today = 오늘 다음 날부터 고를 수 있습니다.
field-follow-up-too-far = { $days }일 안의 날짜를 고르세요.
field-password-current-wrong = 지금 비밀번호가 맞지 않습니다.
field-password-same = 지금 비밀번호와 다른 비밀번호를 정하세요.
field-date-future = 앞으로 올 날짜는 쓸 수 없습니다.
field-guardian-not-representative = 조부모·이모 등 친척은 법정대리인이 아닙니다. 어머니, 아버지, 미성년후견인 가운데에서 고르고, 친척은 "함께 온 사람"으로 기록하세요.
field-companion-cannot-sign = 함께 온 사람은 법정대리인을 대신해 서명할 수 없습니다. 법정대리인이 종이 동의서에 서명하게 하세요.
field-paper-not-due = 파쇄할 차례가 아니거나 이미 파쇄를 기록한 종이 원본입니다. 목록을 새로 불러오세요.
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
field-consent-changed = 동의서 문구가 바뀌었습니다. 새 문구를 다시 읽어 주세요.
field-consent-guardian = 만 19세 미만은 본인 동의가 아니라 법정대리인 동의 절차로 받습니다.
field-reason-required = 사유를 두 글자 이상 적어 주세요.
field-chart-format = {"{"}YYYY{"}"}, {"{"}YY{"}"}, {"{"}SEQ:5{"}"} 같은 자리표와 영문 대문자, 숫자, 붙임표(-)만 쓸 수 있고, {"{"}SEQ:n{"}"}(n은 3~9)이 꼭 있어야 합니다.
field-choose-one = 하나를 골라 주세요.
field-choose-some = 하나 이상 골라 주세요.
field-datetime-format = 날짜와 시각을 2026-01-31 14:05 처럼 적어 주세요.
field-signature-empty = 서명란에 서명해 주세요.
field-signature-invalid = 서명을 읽을 수 없습니다. 지우고 다시 서명해 주세요.
field-guardian-adult = 만 19세 이상은 본인이 동의합니다. 법정대리인 동의 절차가 필요하지 않습니다.
field-guardian-too-many = 법정대리인은 { $max }명까지 적을 수 있습니다.
field-minor-ack = 만 14세 이상 미성년자는 쉬운 안내문을 읽고 확인했다는 표시가 필요합니다.
field-location-repeated = 같은 이름의 설치 장소가 두 번 있습니다. 이름을 다르게 해 주세요.
field-location-unknown = '{ $location }'{ JOSA($location, "은") } 카메라 설치 장소 목록에 없습니다.
field-number-range = { $min }부터 { $max }까지의 숫자를 적어 주세요.
field-range-order = 끝나는 시각이 시작 시각보다 빠릅니다.
field-date-past = 이미 지난 시각입니다. 앞으로의 날짜와 시각을 적어 주세요.
field-ledger-unknown = 정정하려는 관리대장 번호가 없습니다.
field-representative-adult = 환자가 성인이라 법정대리인으로 청구할 수 없습니다. 위임장을 가진 대리인으로 접수해 주세요.
field-delegate-attorney = 대리인은 위임장으로 권한을 확인해야 합니다.
field-kept-by-law = 환자 명부는 의료법 시행규칙 제15조에 따라 5년 동안 보관해야 하므로 지금 삭제할 수 없습니다. "일부 처리" 또는 "거부"로 답하고 이유를 적어 주세요. 보관 기간이 끝나면 파기합니다.
field-chart-unknown = 이 병원등록번호의 환자가 없습니다.
field-month-format = 달은 2026-11처럼 적어 주세요.
field-correction-link = 환자 기록의 "정정"으로 고친 뒤, 이 요구에 해당하는 정정 기록을 골라 주세요.
