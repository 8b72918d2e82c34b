/**
 * Korean messages: the default catalogue. Every key here must exist in `en.ts` too
 * (a test checks it). `{name}` marks a parameter.
 *
 * @module
 */

/** The Korean catalogue; its keys define the message ids. */
export const ko = {
  "app.name": "키즈인컴퍼니",
  "app.tagline": "사내 어린이집 입소를 공정하고 투명하게",
  "nav.home": "홈",
  "nav.admin": "관리자",
  "nav.verify": "추첨 검증",
  "nav.signIn": "로그인",
  "nav.signOut": "로그아웃",
  "nav.language": "English",
  "nav.label": "주 메뉴",
  "nav.skip": "본문으로 건너뛰기",
  "home.welcome": "{name}님, 안녕하세요.",
  "home.openRounds": "모집 중인 회차",
  "home.noRounds": "지금 모집 중인 회차가 없습니다.",
  "home.signInPrompt": "신청하려면 회사 계정으로 로그인하세요.",
  "round.applications": "신청 기간",
  "round.draw": "추첨",
  "round.firstWindow": "1차 등록",
  "round.secondWindow": "2차 등록",
  "round.beacon": "공개 난수원",
  "round.recruitments": "모집 반",
  "round.seats": "정원",
  "round.classAge": "만 {age}세반",
  "round.status.draft": "준비 중",
  "round.status.open": "신청 접수 중",
  "round.status.review": "서류 검토 중",
  "round.status.frozen": "명단 확정",
  "round.status.drawn": "추첨 완료",
  "round.status.closed": "마감",
  "login.title": "로그인",
  "login.account": "계정 (회사 이메일 앞부분)",
  "login.password": "비밀번호",
  "login.submit": "로그인",
  "login.failed": "계정 또는 비밀번호가 올바르지 않습니다.",
  "login.rateLimited":
    "로그인 시도가 너무 많습니다. {minutes}분 후에 다시 시도하세요.",
  "login.required": "로그인이 필요합니다.",
  "form.required": "{field}을(를) 입력하세요.",
  "form.tooLong": "{field}이(가) 너무 깁니다.",
  "form.error.required": "필수 항목입니다.",
  "form.error.tooLong": "{max}자 이내로 입력해 주세요.",
  "form.error.tooShort": "{min}자 이상 입력해 주세요.",
  "form.error.control":
    "입력할 수 없는 보이지 않는 문자(제어 문자)가 들어 있습니다. 붙여 넣은 내용이라면 직접 다시 입력해 주세요.",
  "form.error.invalid": "입력한 값을 다시 확인해 주세요.",
  "form.error.fileTooLarge":
    "파일이 너무 큽니다. {limit} 이하의 파일을 올려 주세요.",
  "form.error.fileType": "PDF, JPG, PNG 파일만 올릴 수 있습니다.",
  "form.error.fileEmpty": "빈 파일입니다. 내용이 있는 파일을 올려 주세요.",
  "form.error.fileBroken":
    "파일이 손상되었거나 끝까지 올라가지 않았습니다. 다시 올려 주세요.",
  "form.error.oneFile": "파일은 한 번에 하나씩만 올릴 수 있습니다.",
  "form.error.malformed":
    "보낸 양식을 읽을 수 없습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.",
  "form.summary.title": "입력한 내용을 확인해 주세요",
  "form.optional": "(선택)",
  "form.file.current": "올린 파일: {name} ({size})",
  "form.file.replace": "다른 파일을 고르면 지금 파일을 바꿉니다.",
  "form.file.accept": "PDF, JPG, PNG 파일, {limit} 이하",
  "error.csrf":
    "보안 확인에 실패했습니다. 페이지를 새로 고친 뒤 다시 시도하세요.",
  "error.forbidden": "이 페이지에 접근할 권한이 없습니다.",
  "error.notFound": "페이지를 찾을 수 없습니다.",
  "error.server": "일시적인 오류가 발생했습니다. 잠시 후 다시 시도하세요.",
  "error.back": "홈으로",
  "error.unavailable":
    "지금은 서비스가 잠시 응답하지 않습니다. 잠시 후 다시 시도하세요. 입력한 내용은 저장되지 않았습니다.",
  "form.error.pending":
    "같은 요청을 아직 처리하고 있습니다. 잠시 후 페이지를 새로 고쳐 결과를 확인하세요.",
  "verify.noscript":
    "이 페이지의 검증은 브라우저에서 JavaScript로 실행됩니다. JavaScript를 켜거나, 추첨 기록 파일을 내려받아 `deno task lottery verify`로 검증하세요.",
  "error.title": "오류 {status}",
  "error.notFoundTitle": "찾을 수 없음",
  "error.serverTitle": "서버 오류",
  "admin.title": "관리자",
  "admin.rounds": "회차",
  "admin.accounts": "직원 수",
  "verify.title": "추첨 직접 검증하기",
  "verify.intro":
    "공개된 추첨 기록(JSON)을 붙여 넣으면, 이 브라우저에서 시드와 순서와 배정을 다시 계산해 확인합니다.",
  "verify.paste": "추첨 기록 JSON",
  "verify.run": "검증하기",
  "verify.ok": "검증 통과: 기록이 시드로부터 그대로 재현됩니다.",
  "verify.failed": "검증 실패: {field}",
  "verify.invalidJson": "JSON 형식이 아닙니다.",
  "verify.sample": "예시 기록 불러오기",
  "verify.digest":
    "확정 때 공개된 명단 다이제스트 (기록이 아닌 회차 페이지에서)",
  "verify.chainHead": "마지막 정정과 함께 공개된 체인 헤드 (정정이 있을 때만)",

  // --- Admin navigation (shared) ---
  "adminNav.label": "관리자 메뉴",
  "adminNav.dashboard": "요약",
  "adminNav.employees": "직원",
  "adminNav.roster": "인사 명단 가져오기",
  "adminNav.kindergartens": "어린이집",
  "adminNav.rounds": "모집 회차",
  "adminNav.review": "서류 검토",
  "adminNav.audit": "감사 기록",

  // --- People, passwords and the audit log (issue 9: people) ---
  "people.section": "직원",

  // --- Roster import, passwords, mail and profile (issue 9: roster) ---
  "roster.section": "인사 명단",

  // --- Kindergartens, rounds and recruitments (issue 9: setup) ---
  "setup.section": "설정",

  // --- The family's application (issue 10) ---
  "apply.section": "신청",
  "apply.title": "{round} 신청서",
  "apply.statusLine": "상태: {status}.",
  "apply.appliedChildren": "신청한 아이: {names}",
  "apply.open": "우리 가족 신청서 작성·보기",
  "apply.noApplication": "아직 신청서가 없습니다.",
  "apply.deadline": "신청 마감: {deadline} (이때까지 수정·취소할 수 있습니다)",
  "apply.status.draft": "임시 저장 (아직 제출 전)",
  "apply.status.submitted": "제출 완료, 검토 중",
  "apply.status.accepted": "승인됨",
  "apply.status.needs_review": "수정되어 다시 검토 중",
  "apply.status.withdrawn": "취소함",
  "apply.status.excluded": "제외됨",
  "apply.done.draft": "임시 저장했습니다. 마감 전에 서류를 올리고 제출하세요.",
  "apply.done.submitted":
    "제출했습니다. 확인 메일에 아이별 추첨 토큰이 있습니다. 지금은 검토 중입니다.",
  "apply.done.updated":
    "변경 내용을 제출했습니다. 확인 메일을 다시 보냈습니다.",
  "apply.done.withdrawn":
    "신청을 취소했습니다. 마감 전이면 다시 신청할 수 있습니다.",
  "apply.done.uploaded": "서류를 올렸습니다.",
  "apply.phase.upcoming": "신청은 {opens}에 시작합니다.",
  "apply.phase.review":
    "신청 기간이 끝났습니다. 지금은 서류 검토 중이며, 반려된 서류만 다시 올릴 수 있습니다.",
  "apply.phase.closed": "이 회차는 더 이상 신청서를 받지 않습니다.",
  "apply.phase.open": "신청 접수 중입니다.",
  "apply.noChildren": "먼저 자녀를 등록해야 신청할 수 있습니다.",
  "apply.addChildren": "자녀 등록하기",
  "apply.children": "아이별 희망 반",
  "apply.childrenHint":
    "신청할 아이마다 원하는 반을 1지망부터 최대 3개까지 고르세요. 아이 나이에 맞는 반만 보입니다. 신청하지 않을 아이는 비워 두세요.",
  "apply.choicesOf": "{name}의 희망 반",
  "apply.rank": "{rank}지망",
  "apply.noChoice": "선택 안 함",
  "apply.noClass": "이 회차에는 이 나이의 반이 없습니다.",
  "apply.seats": "정원 {seats}명",
  "apply.linked": "형제자매 함께 신청",
  "apply.linkedHint":
    "같은 나이 반의 형제자매를 묶으면 같은 희망 반 목록으로 함께 추첨되고, 함께 붙거나 함께 떨어집니다. 묶을 아이들의 희망 반을 똑같이 고르세요.",
  "apply.factors": "가점 항목",
  "apply.factorsHint":
    "해당하는 항목만 체크하세요. 체크한 항목마다 증빙 서류가 필요하며, 서류가 승인되어야 가점이 붙습니다.",
  "apply.singleParent": "한부모 가정",
  "apply.disability": "장애 (부모 또는 아이)",
  "apply.dualIncome": "맞벌이",
  "apply.dualIncomeCouple": "부부 모두 사내 직원이므로 서류 없이 인정됩니다.",
  "apply.siblingEnrolled": "형제자매가 해당 어린이집에 재원 중",
  "apply.needs": "필요 서류: {doc}",
  "apply.childrenCount": "13세 미만 자녀 수",
  "apply.childrenCountHint":
    "신청 마감일 기준 가족의 13세 미만 자녀 수(신청하는 아이 포함). 2명 이상이면 가족관계증명서가 필요합니다.",
  "apply.hr": "인사 정보 (수정 불가)",
  "apply.years": "근속 연수 (마감일 기준)",
  "apply.yearsOf": "{name} {years}년",
  "apply.couple": "사내 부부",
  "apply.yes": "예",
  "apply.no": "아니요",
  "apply.hrHint": "인사 정보가 틀리면 인사팀에 문의하세요.",
  "apply.documents": "증빙 서류",
  "apply.docUploaded": "올림",
  "apply.docMissing": "아직 없음",
  "apply.uploadDocuments": "서류 올리기 ({count}건 남음)",
  "apply.viewDocuments": "올린 서류 보기",
  "apply.saveDraft": "임시 저장",
  "apply.submit": "제출하기",
  "apply.saveChanges": "변경 내용 제출",
  "apply.submitHint":
    "제출하려면 주민등록등본과 체크한 항목의 서류가 모두 있어야 합니다. 임시 저장은 서류 없이도 됩니다.",
  "apply.editAccepted": "승인된 신청서를 수정하면 다시 검토를 받습니다.",
  "apply.withdraw": "신청 취소",
  "apply.withdrawHint":
    "취소하면 추첨에서 빠집니다. 마감 전이면 다시 신청할 수 있습니다.",
  "apply.withdrawButton": "신청 취소하기",
  "apply.summary": "제출한 내용",
  "apply.error.tooManyChoices": "희망 반은 3개까지 고를 수 있습니다.",
  "apply.error.sameChoice": "같은 반을 두 번 고를 수 없습니다.",
  "apply.error.wrongClass": "아이 나이에 맞는 반만 고를 수 있습니다.",
  "apply.error.unitAlone":
    "함께 신청하려면 같은 나이 반의 아이를 두 명 이상 고르세요.",
  "apply.error.unitChoices":
    "함께 신청하는 아이들은 희망 반을 똑같이 골라야 합니다.",
  "apply.error.childrenCount": "1에서 20 사이의 숫자를 입력하세요.",
  "apply.error.noChild": "아이 한 명 이상에게 희망 반을 고르세요.",
  "apply.error.documentsMissing":
    "필요한 서류 {count}건이 아직 없습니다. 서류를 올린 뒤 제출하세요. 입력한 내용은 임시 저장할 수 있습니다.",
  "apply.error.conflict":
    "다른 보호자가 방금 신청서를 바꿨습니다. 지금 저장된 신청서를 보여 드립니다. 바꿀 내용이 있으면 다시 입력해 주세요.",
  "apply.error.closed": "신청 기간이 아니어서 저장하지 않았습니다.",
  "apply.error.kind":
    "어떤 서류인지 알 수 없습니다. 페이지를 새로 고친 뒤 다시 올려 주세요.",
  "apply.error.noFile": "올릴 파일을 고르세요.",
  "apply.error.uploadClosed":
    "지금은 이 서류를 올릴 수 없습니다. 마감 후에는 반려된 서류만 바꿀 수 있습니다.",
  "apply.documentsTitle": "{round} 증빙 서류",
  "apply.maskNote": "주민등록번호 뒷자리 7자리는 가리고 올려 주세요.",
  "apply.documentsIntro":
    "서류마다 파일 하나(PDF, JPG, PNG, 10 MB 이하)를 올리세요. 파일은 우리 가족과 관리자만 볼 수 있게 보관됩니다.",
  "apply.neededDocuments": "필요한 서류",
  "apply.otherDocuments": "다른 서류 (해당 항목을 체크할 때만)",
  "apply.chooseFile": "파일 선택",
  "apply.upload": "올리기",
  "apply.replace": "바꾸기",
  "apply.openDocument": "파일 열기",
  "apply.uploadClosedHint": "지금은 올릴 수 없습니다.",
  "apply.backToApplication": "신청서로 돌아가기",
  "apply.docStatus.pending": "올림 · 검토 전",
  "apply.docStatus.accepted": "승인됨",
  "apply.docStatus.rejected": "반려됨: 다시 올려 주세요",
  "apply.doc.resident_register": "주민등록등본",
  "apply.doc.single_parent": "한부모 가정 증명서",
  "apply.doc.family_register": "가족관계증명서",
  "apply.doc.disability": "장애인 증명서",
  "apply.doc.employment": "배우자 재직(소득) 증명서",
  "apply.doc.sibling": "형제자매 재원 증명서",
  "apply.mail.subject": "[키즈인컴퍼니] {round} 신청서 제출 확인",
  "apply.mail.intro":
    "{round} 신청서가 접수되었습니다. 제출한 내용은 아래와 같습니다.",
  "apply.mail.status": "상태: {status}",
  "apply.mail.child": "{name} — 추첨 토큰 {token}",
  "apply.mail.unit": "함께 신청: {names} — 묶음 추첨 토큰 {token}",
  "apply.mail.tokens":
    "추첨 토큰은 이 메일에만 있습니다. 보관해 두면 추첨 뒤 공개되는 비밀값으로 우리 가족의 가명을 직접 계산해 확인할 수 있습니다.",
  "apply.mail.deadline":
    "마감({deadline}) 전까지 수정하거나 취소할 수 있습니다.",
  "children.title": "우리 아이",
  "children.intro":
    "배우자와 함께 보는 자녀 목록입니다. 반은 생년월일과 모집 회차로 정해집니다.",
  "children.empty":
    "아직 등록한 아이가 없습니다. 아래에서 이름과 생년월일을 입력해 추가하세요.",
  "children.edit": "{name} 정보 수정",
  "children.add": "아이 추가",
  "children.addButton": "추가하기",
  "children.name": "이름",
  "children.birthDate": "생년월일",
  "children.birthDateHint": "예: 2024-05-14",
  "children.error.birthDate":
    "2000-01-01부터 오늘까지의 실제 날짜를 YYYY-MM-DD로 입력하세요.",
  "children.error.birthDateLocked":
    "제출한 신청서에 들어 있는 아이는 생년월일을 바꿀 수 없습니다. 먼저 신청서에서 빼세요.",
  "children.error.inApplication":
    "제출한 신청서에 들어 있는 아이는 지울 수 없습니다. 먼저 신청서에서 빼세요.",
  "children.done.added":
    "아이를 추가했습니다. 이제 신청서를 작성할 수 있습니다.",
  "children.done.updated": "변경 내용을 저장했습니다.",
  "children.done.removed": "아이를 목록에서 지웠습니다.",
  "children.back": "우리 아이 목록으로",
  "children.save": "저장하기",
  "children.remove": "목록에서 지우기",
  "children.removeHint": "임시 저장한 신청서에서도 빠집니다.",
  "children.removeButton": "{name} 지우기",
  "children.next": "홈으로 가서 신청하기",
  "home.title": "내 신청 현황",
  "home.myChildren": "우리 아이 {count}명 관리",
  "home.phase": "지금 단계: {phase}",
  "home.phase.upcoming": "신청 시작 전",
  "home.phase.open": "신청 접수 중",
  "home.phase.review": "서류 검토 중",
  "home.phase.closed": "신청 마감",
  "home.yourApplication": "우리 가족 신청서: {status}",
  "home.noApplication": "우리 가족 신청서: 없음",
  "home.classes": "반별 정원과 지금까지 신청한 아이 수",
  "home.applicants": "신청",
  "home.next.upcoming": "신청은 {opens}에 시작합니다.",
  "home.next.addChildren": "먼저 자녀를 등록하세요.",
  "home.next.start": "{deadline}까지 신청하세요.",
  "home.next.draft":
    "임시 저장한 신청서가 있습니다. {deadline}까지 제출하세요.",
  "home.next.documents": "서류 {count}건을 올려야 합니다.",
  "home.next.submitted":
    "제출 완료, 검토 중입니다. {deadline}까지 수정할 수 있습니다.",
  "home.next.rejected": "반려된 서류가 있습니다. {until}까지 다시 올리세요.",
  "home.next.wait": "추첨은 {draw}에 합니다.",
  "home.link.children": "자녀 등록하기",
  "home.link.start": "신청서 작성하기",
  "home.link.continue": "이어서 작성하기",
  "home.link.documents": "서류 올리기",
  "home.link.view": "신청서 보기",
} as const;

/** A message id. */
export type MessageKey = keyof typeof ko;
