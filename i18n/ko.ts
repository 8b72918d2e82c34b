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
  "mail.greeting": "{name}님, 안녕하세요.",
  "mail.signature": "키즈인컴퍼니 드림 (이 메일은 발신 전용입니다)",
  "mail.setup.subject": "[키즈인컴퍼니] 비밀번호를 설정해 주세요",
  "mail.setup.body":
    "키즈인컴퍼니 계정이 만들어졌습니다. 계정은 {login}입니다. 아래 링크에서 비밀번호를 설정한 뒤 로그인하세요.",
  "mail.setup.action": "비밀번호 설정하기",
  "mail.setup.expires":
    "링크는 {expires}까지 한 번만 쓸 수 있습니다. 기한이 지나면 로그인 화면의 '비밀번호 찾기'를 이용하세요.",
  "mail.reset.subject": "[키즈인컴퍼니] 비밀번호 재설정 코드 {code}",
  "mail.reset.body":
    "비밀번호 재설정 코드입니다. {minutes}분 안에 재설정 화면에 입력하세요.",
  "mail.reset.action": "재설정 화면 열기",
  "mail.reset.ignore":
    "직접 요청하지 않았다면 이 메일은 무시하셔도 됩니다. 비밀번호는 바뀌지 않습니다.",
  "mail.changed.subject": "[키즈인컴퍼니] 비밀번호가 바뀌었습니다",
  "mail.changed.body":
    "{at}에 계정의 비밀번호가 바뀌었고, 다른 기기의 로그인은 모두 끝났습니다.",
  "mail.changed.notYou":
    "직접 바꾸지 않았다면 바로 비밀번호를 재설정하고 어린이집 담당자에게 알려 주세요.",
  "mail.changed.action": "비밀번호 재설정",
  "password.field.new": "새 비밀번호",
  "password.field.confirm": "새 비밀번호 확인",
  "password.field.old": "지금 비밀번호",
  "password.hint": "10자 이상, 계정과 다르게 정해 주세요.",
  "password.error.short": "비밀번호는 10자 이상이어야 합니다.",
  "password.error.sameAsLogin": "계정과 같은 비밀번호는 쓸 수 없습니다.",
  "password.error.mismatch": "두 비밀번호가 다릅니다. 같게 입력해 주세요.",
  "password.setup.title": "비밀번호 설정",
  "password.setup.intro":
    "{name}님({login}), 로그인할 때 쓸 비밀번호를 정해 주세요.",
  "password.setup.submit": "비밀번호 설정",
  "password.setup.invalid":
    "이 링크는 올바르지 않습니다. 메일의 링크를 그대로 열었는지 확인해 주세요.",
  "password.setup.expired": "이 링크는 기한(72시간)이 지났습니다.",
  "password.setup.used": "이 링크는 이미 사용되었습니다.",
  "password.setup.next":
    "비밀번호 찾기에서 메일로 코드를 받아 새 비밀번호를 정할 수 있습니다.",
  "password.reset.title": "비밀번호 찾기",
  "password.reset.codeTitle": "재설정 코드 입력",
  "password.reset.intro":
    "계정(회사 이메일 앞부분)을 입력하면 회사 메일로 6자리 코드를 보내 드립니다.",
  "password.reset.send": "코드 받기",
  "password.reset.sent":
    "{login} 계정이 있다면 회사 메일로 6자리 코드를 보냈습니다. 코드는 10분 동안 쓸 수 있습니다. 메일이 오지 않으면 잠시 뒤 다시 요청해 주세요.",
  "password.reset.haveCode": "이미 코드를 받았다면 여기에 입력하세요",
  "password.reset.again": "코드 다시 받기",
  "password.reset.code": "6자리 코드",
  "password.reset.codeError": "6자리 숫자로 입력해 주세요.",
  "password.reset.submit": "비밀번호 바꾸기",
  "password.reset.wrong":
    "코드가 맞지 않거나 기한이 지났습니다. 메일의 가장 최근 코드를 입력하거나 코드를 다시 받아 주세요.",
  "password.reset.rateLimited":
    "시도가 너무 많습니다. {minutes}분 뒤에 다시 하거나, 코드를 요청한 화면에서 입력해 주세요.",
  "password.forgot": "비밀번호를 잊으셨나요?",
  "password.notice.set": "비밀번호를 설정했습니다. 새 비밀번호로 로그인하세요.",
  "password.notice.reset": "비밀번호를 바꿨습니다. 새 비밀번호로 로그인하세요.",
  "profile.title": "내 정보",
  "profile.hr": "인사 정보",
  "profile.hrNote":
    "인사 정보는 인사팀 명단에서 옵니다. 틀린 곳이 있으면 어린이집 담당자에게 알려 주세요.",
  "profile.name": "이름",
  "profile.login": "계정",
  "profile.email": "메일",
  "profile.employeeNo": "사번",
  "profile.department": "부서",
  "profile.joinDate": "입사일",
  "profile.spouse": "배우자 (사내)",
  "profile.spouseLinked": "{name} (사번 {employeeNo})",
  "profile.spouseNone": "연결된 배우자가 없습니다.",
  "profile.language": "메일과 화면 언어",
  "profile.languageHeading": "언어",
  "profile.languageSave": "언어 저장",
  "profile.password": "비밀번호 바꾸기",
  "profile.passwordNote":
    "바꾸면 이 기기를 뺀 다른 기기의 로그인은 모두 끝납니다.",
  "profile.passwordSubmit": "비밀번호 바꾸기",
  "profile.wrongOld": "지금 비밀번호가 맞지 않습니다.",
  "profile.rateLimited":
    "틀린 시도가 너무 많습니다. {minutes}분 뒤에 다시 해 주세요.",
  "profile.saved.language": "언어를 저장했습니다.",
  "profile.saved.password":
    "비밀번호를 바꿨습니다. 다른 기기의 로그인은 모두 끝났습니다.",
  "roster.title": "인사 명단 가져오기",
  "roster.intro":
    "인사팀 명단(CSV)을 올리면 먼저 미리 보기를 보여 드립니다. '반영하기'를 누르기 전에는 아무것도 바뀌지 않습니다.",
  "roster.file": "명단 파일 (CSV)",
  "roster.fileHint":
    "UTF-8(BOM 있어도 됨) 또는 엑셀의 'CSV (쉼표로 분리)'(CP949) 파일, 2 MB 이하",
  "roster.upload": "미리 보기",
  "roster.columns": "파일 형식",
  "roster.columnsIntro":
    "첫 줄은 머리글입니다. 영어 또는 한글 머리글을 쓸 수 있고, 열 순서는 자유입니다.",
  "roster.col.header": "머리글",
  "roster.col.meaning": "뜻",
  "roster.col.login":
    "계정: 회사 이메일 앞부분 (영문 소문자, 숫자, . _ -). 필수",
  "roster.col.name": "이름 (한글). 필수",
  "roster.col.employeeNo": "사번. 필수, 명단 안에서 겹치면 안 됩니다",
  "roster.col.department": "부서. 선택",
  "roster.col.joinDate": "입사일, 예: 2021-03-02. 필수",
  "roster.col.spouse":
    "사내 배우자의 사번. 선택. 비우면 배우자 연결이 끊깁니다",
  "roster.col.email": "메일 주소. 선택. 비우면 계정@{domain}",
  "roster.rules":
    "다시 가져오면 사번이 같은 직원의 정보를 고칩니다. 명단에 없는 직원은 지우지 않습니다. 배우자 연결은 양쪽에 함께 적용됩니다.",
  "roster.sample": "예시 CSV 내려받기",
  "roster.error.empty": "빈 파일입니다. 명단이 담긴 CSV를 올려 주세요.",
  "roster.error.notCsv":
    "CSV로 읽을 수 없습니다. 엑셀에서 'CSV (쉼표로 분리)'로 저장해 주세요.",
  "roster.error.header":
    "머리글에 {columns} 열이 없습니다. 아래 파일 형식을 확인해 주세요.",
  "roster.error.tooLarge": "파일이 너무 큽니다. 2 MB 이하로 올려 주세요.",
  "roster.error.tooManyRows": "한 번에 {max}명까지 가져올 수 있습니다.",
  "roster.previewTitle": "미리 보기: {file}",
  "roster.summary":
    "새 직원 {new}명, 바뀌는 직원 {changed}명, 그대로 {same}명, 잘못된 줄 {bad}개",
  "roster.bad": "잘못된 줄 ({count}개)",
  "roster.badNote":
    "잘못된 줄은 반영하지 않습니다. 파일을 고쳐 다시 올리거나, 나머지만 반영할 수 있습니다.",
  "roster.row": "{row}행",
  "roster.new": "새 직원 ({count}명)",
  "roster.changed": "바뀌는 직원 ({count}명)",
  "roster.linked": "배우자 연결이 함께 바뀌는 직원 ({count}명)",
  "roster.nothing": "반영할 변경이 없습니다.",
  "roster.apply": "{count}건 반영하기",
  "roster.applyNote": "새 직원에게는 비밀번호 설정 메일이 갑니다.",
  "roster.cancel": "다른 파일 올리기",
  "roster.expired":
    "미리 보기가 만료되었거나 이미 반영되었습니다. 파일을 다시 올려 주세요.",
  "roster.stale":
    "미리 보기 뒤에 직원 정보가 바뀌었습니다. 파일을 다시 올려 미리 보기를 확인해 주세요.",
  "roster.applied":
    "명단을 반영했습니다: 새 직원 {created}명, 바뀐 직원 {updated}명. 새 직원에게 비밀번호 설정 메일을 보냅니다.",
  "roster.reason.missing": "{field} 값이 없습니다",
  "roster.reason.badLogin":
    "계정 형식이 맞지 않습니다 (영문 소문자, 숫자, . _ -)",
  "roster.reason.badDate": "입사일이 날짜가 아닙니다: {value}",
  "roster.reason.dupEmployeeNo": "사번 {value}이(가) {rows}행과 겹칩니다",
  "roster.reason.dupLogin": "계정 {value}이(가) {rows}행과 겹칩니다",
  "roster.reason.loginTaken":
    "계정 {value}은(는) 이미 다른 사번({other})의 직원이 씁니다",
  "roster.reason.unknownSpouse": "배우자 사번 {value}인 직원이 없습니다",
  "roster.reason.selfSpouse": "자기 사번을 배우자로 적었습니다",
  "roster.reason.spouseConflict":
    "배우자 연결이 다른 줄과 맞지 않습니다 (사번 {value})",
  "roster.reason.tooLong": "{field} 값이 너무 깁니다",
  "roster.reason.control": "{field}에 쓸 수 없는 문자가 있습니다",
  "roster.reason.badEmail": "메일 주소 형식이 맞지 않습니다",
  "roster.field.login": "계정",
  "roster.field.name": "이름",
  "roster.field.employeeNo": "사번",
  "roster.field.department": "부서",
  "roster.field.joinDate": "입사일",
  "roster.field.spouse": "배우자 사번",
  "roster.field.email": "메일",
  "roster.noSpouse": "없음",

  // --- Kindergartens, rounds and recruitments (issue 9: setup) ---
  "setup.section": "설정",

  // --- The family's application (issue 10) ---
  "apply.section": "신청",
} as const;

/** A message id. */
export type MessageKey = keyof typeof ko;
