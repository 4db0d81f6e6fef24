# CCTV: the words for requests, decisions and the management ledger, shared by the screen,
# the printed forms, the CSV export and the CLI.

cctv-request-kind-view = 열람
cctv-request-kind-confirm = 존재 확인
cctv-request-kind-delete = 삭제
cctv-relation-subject = 본인(촬영된 사람)
cctv-relation-legal-representative = 법정대리인
cctv-relation-delegate = 위임받은 대리인(위임장)
cctv-relation-other = 그 밖의 사람(생명·신체·재산 보호에 필요)
cctv-idcheck-id-card = 주민등록증
cctv-idcheck-driver-licence = 운전면허증
cctv-idcheck-passport = 여권
cctv-idcheck-other = 그 밖의 방법
cctv-decision-approve = 승인
cctv-decision-approve-masked = 승인(다른 사람은 모자이크)
cctv-decision-refuse = 거부
cctv-ground-footage-destroyed = 보관기간이 지나 영상이 파기되었습니다.
cctv-ground-others-rights = 영상에 다른 사람이 있어 그 사람의 권리를 보호할 수 없습니다.
cctv-ground-not-subject = 촬영된 본인이 아니며, 생명·신체·재산을 보호하기 위해 필요하다고 볼 수 없습니다.
cctv-ground-other = 그 밖의 사유
cctv-status-received = 결정 대기
cctv-status-approved = 승인, 예약 전
cctv-status-booked = 열람 예약됨
cctv-status-no-show = 예약에 오지 않음
cctv-status-closed = 종결
cctv-preservation-not-needed = 보존 필요 없음
cctv-preservation-asked = 영상 보존 필요
cctv-preservation-done = 영상 보존함
cctv-preservation-destroyed = 보존본 파기함
cctv-kind-use = 이용
cctv-kind-provision = 제공
cctv-kind-viewing = 열람
cctv-kind-destruction = 파기
cctv-reason-preserve = 영상 보존
cctv-reason-mask = 다른 사람 모자이크
cctv-reason-view = 청구인 열람
cctv-reason-copy = 사본 제공
cctv-reason-delete = 청구에 따른 삭제
cctv-reason-preserved-copy = 청구 처리가 끝난 보존본 파기
cctv-reason-manual = 직접 기록
cctv-reason-correction = 정정
cctv-basis-pipa-35 = 개인정보 보호법 제35조(개인정보의 열람)
cctv-basis-pipa-36 = 개인정보 보호법 제36조(개인정보의 정정·삭제)
cctv-basis-pipa-18-2-3 = 개인정보 보호법 제18조제2항제3호(급박한 생명·신체·재산의 이익)
cctv-basis-pipa-18-2-1 = 개인정보 보호법 제18조제2항제1호(정보주체의 별도 동의)
cctv-basis-pipa-18-2-2 = 개인정보 보호법 제18조제2항제2호(다른 법률의 특별한 규정, 예: 형사소송법 제215조의 영장)
cctv-basis-pipa-25-1 = 개인정보 보호법 제25조제1항(설치 목적 안의 이용)
cctv-basis-pipa-18-2-7 = 개인정보 보호법 제18조제2항제7호(이전 기록: 공공기관에만 해당)
cctv-basis-other = 그 밖의 근거

cctv-col-no = 번호
cctv-col-kind = 구분
cctv-col-at = 일시
cctv-col-footage = 대상 영상
cctv-col-staff = 담당자
cctv-approved-by = 승인 { $name }
cctv-present = 입회 { $name }
cctv-col-purpose = 목적·사유
cctv-col-party = 청구인·제공받는 자
cctv-col-basis = 근거
cctv-col-form = 제공 형태
cctv-col-period = 기간
cctv-col-request = 청구 번호
cctv-col-corrects = 정정 대상
cctv-corrects = { $no }번 정정

cctv-ledger-title = 개인영상정보 관리대장
cctv-ledger-period = 기간: { $from } ~ { $to }
cctv-ledger-count = { $count }건
cctv-ledger-empty = 이 기간에 기록된 내용이 없습니다.
cctv-answers-title = 열람 등 청구에 대한 답변
cctv-answers-help = 이 기간에 답변한 청구입니다. 존재 확인 답변과 거부는 관리대장에 따로 행을 남기지 않으므로 여기에 근거와 함께 적습니다.
cctv-answers-empty = 이 기간에 답변한 청구가 없습니다.
cctv-ans-received = 청구 일시
cctv-ans-kind = 청구 내용
cctv-ans-relation = 청구인
cctv-ans-decided = 답변 일시
cctv-ans-by = 답변한 사람
cctv-ans-decision = 답변
cctv-ans-ground = 거부 사유
cctv-ans-existence-answered = 존재 여부 답변
cctv-ledger-footer = 관리대장 · 출력 { $at } · 출력자 { $by }

cctv-form-title = 개인영상정보 열람·존재확인·삭제 청구서
cctv-form-intro = 우리 의원 고정형 영상정보처리기기(CCTV)에 찍힌 자신의 영상을 보거나, 있는지 확인하거나, 지우기를 원하시면 이 청구서를 써 주세요.
cctv-form-statute = 「개인정보 보호법」 제35조·제36조·제37조 및 같은 법 시행령 제41조에 따른 개인영상정보 열람·존재 확인·삭제 청구서
cctv-form-period = 처리 기간: 청구를 받은 날부터 10일 이내에 열람 등을 할 수 있게 하거나, 할 수 없으면 그 사유와 이의를 제기하는 방법을 알려 드립니다.
cctv-form-filmed = 영상에 찍힌 사람(법정대리인·대리인이 청구할 때)
cctv-form-poa = 대리인의 권한
cctv-form-poa-checked = 촬영된 사람의 위임장과 인감증명서(또는 본인서명사실확인서)를 확인함
cctv-form-requester = 청구인
cctv-form-name = 성명
cctv-form-birth = 생년월일
cctv-form-address = 주소
cctv-form-phone = 전화번호
cctv-form-relation = 정보주체와의 관계
cctv-form-relation-reason = 관계 설명·필요한 이유
cctv-form-request = 청구 내용
cctv-form-kind = 청구 구분
cctv-form-footage = 영상 일시
cctv-form-locations = 장소(카메라)
cctv-form-purpose = 목적과 사유
cctv-form-idcheck = 본인 확인 방법
cctv-form-declare = 위와 같이 개인영상정보의 열람 등을 청구합니다.
cctv-form-date = 청구일
cctv-form-sign = 청구인 서명 또는 인
cctv-form-receipt = 접수(의원 기록란)
cctv-form-receipt-no = 접수 번호
cctv-form-received-at = 접수 일시
cctv-form-received-by = 접수자
cctv-form-due = 답변 기한
cctv-form-guide-title = 알려 드립니다
cctv-form-guide-1 = 청구를 받은 날부터 10일 안에 결과를 알려 드립니다.
cctv-form-guide-2 = 영상은 찍힌 날부터 { $unit ->
        [months] { $count ->
            [1] 1개월(다음 달 같은 날까지)
           *[other] { $count }개월
        }
       *[days] { $count }일
    } 동안만 보관되고 그 뒤에는 자동으로 지워집니다. 이미 지워진 영상은 보여 드릴 수 없습니다.
cctv-form-guide-3 = 영상에 다른 사람이 함께 찍혀 있으면 그 사람은 모자이크로 가리고 보여 드립니다. 가릴 수 없으면 열람이 제한될 수 있습니다.
cctv-form-guide-4 = 열람은 미리 약속한 날짜에 { $place }에서 합니다.
cctv-form-guide-5 = 문의: 개인영상정보 관리책임자 { $officer } ({ $contact })
cctv-form-footer = 청구서 { $no }
cctv-form-footer-blank = 빈 청구서

cctv-notice-title = 개인영상정보 청구에 대한 결정 통지서
cctv-notice-to = { $name } 님께
cctv-notice-intro = { $received }에 접수한 청구(접수 번호 { $no })에 대하여 다음과 같이 결정하였음을 알려 드립니다.
cctv-notice-decision = 결정
cctv-notice-ground = 거부 사유
cctv-notice-masked = 영상에 함께 찍힌 다른 사람은 모자이크로 가리고 보여 드립니다.
cctv-notice-appointment = 열람 일시·장소
cctv-notice-appointment-value = { $at }, { $place }
cctv-notice-appointment-call = 열람 날짜는 전화로 약속합니다. { $officer } ({ $contact })
cctv-notice-confirm-yes = 청구하신 영상이 있음을 확인하였습니다.
cctv-notice-delete-yes = 청구하신 영상을 삭제합니다. 삭제한 뒤에는 되살릴 수 없습니다.
cctv-notice-object-1 = 이 결정에 이의가 있으면 개인영상정보 관리책임자 { $officer } ({ $contact })에게 말씀해 주세요. 다시 검토하고 10일 안에 답해 드립니다.
cctv-notice-date = 통지일
cctv-notice-signer = { $clinic } 개인영상정보 관리책임자 { $officer }
cctv-notice-footer = 결정 통지 · 청구 { $no }

# 카메라가 비추면 안 되거나 동의가 필요한 곳 (설정 화면의 경고)
cctv-concern-changing-room = { $location }: 탈의실 안을 비추는 카메라는 설치·운영할 수 없습니다 (개인정보 보호법 제25조제2항). 탈의실 안이 보이지 않는지 확인하십시오.
cctv-concern-restroom = { $location }: 화장실·샤워실 안을 비추는 카메라는 설치·운영할 수 없습니다 (개인정보 보호법 제25조제2항). 안이 보이지 않는지 확인하십시오.
cctv-concern-consulting-room = { $location }: 진료실·상담실처럼 진료받는 환자가 보이는 곳은 찍히는 사람의 동의를 받아야 합니다 (개인정보 보호법 제25조). 동의 없이는 안이 보이지 않게 하십시오.

# 영상 파기 방법 (관리대장 파기 행의 "형태" 칸)
cctv-method-overwrite = 녹화기에서 삭제(덮어쓰기)
cctv-method-secure-erase = 복구할 수 없게 지우는 프로그램으로 삭제
cctv-method-physical = 저장매체 물리적 파괴(파쇄·천공)
