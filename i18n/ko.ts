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
  "error.csrf":
    "보안 확인에 실패했습니다. 페이지를 새로 고친 뒤 다시 시도하세요.",
  "error.forbidden": "이 페이지에 접근할 권한이 없습니다.",
  "error.notFound": "페이지를 찾을 수 없습니다.",
  "error.server": "일시적인 오류가 발생했습니다. 잠시 후 다시 시도하세요.",
  "error.back": "홈으로",
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
} as const;

/** A message id. */
export type MessageKey = keyof typeof ko;
