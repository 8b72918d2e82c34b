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
} as const;

/** A message id. */
export type MessageKey = keyof typeof ko;
