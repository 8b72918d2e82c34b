/**
 * English messages. Same keys as `ko.ts`.
 *
 * @module
 */
import type { MessageKey } from "./ko.ts";

/** The English catalogue. */
export const en: Record<MessageKey, string> = {
  "app.name": "Kids In Company",
  "app.tagline": "Fair, open seat allocation for the company daycare",
  "nav.home": "Home",
  "nav.admin": "Admin",
  "nav.verify": "Verify a draw",
  "nav.signIn": "Sign in",
  "nav.signOut": "Sign out",
  "nav.language": "한국어",
  "nav.label": "Main",
  "nav.skip": "Skip to content",
  "home.welcome": "Hello, {name}.",
  "home.openRounds": "Open rounds",
  "home.noRounds": "No round is open right now.",
  "home.signInPrompt": "Sign in with your company account to apply.",
  "round.applications": "Applications",
  "round.draw": "Draw",
  "round.firstWindow": "1st registration",
  "round.secondWindow": "2nd registration",
  "round.beacon": "Public beacon",
  "round.recruitments": "Classes",
  "round.seats": "Seats",
  "round.classAge": "Age {age} class",
  "round.status.draft": "Draft",
  "round.status.open": "Open for applications",
  "round.status.review": "Reviewing documents",
  "round.status.frozen": "Entry list frozen",
  "round.status.drawn": "Drawn",
  "round.status.closed": "Closed",
  "login.title": "Sign in",
  "login.account": "Account (the part of your company e-mail before @)",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.failed": "The account or the password is not right.",
  "login.rateLimited":
    "Too many sign-in attempts. Try again in {minutes} minutes.",
  "login.required": "Please sign in.",
  "form.required": "Enter {field}.",
  "form.tooLong": "{field} is too long.",
  "form.error.required": "This field is required.",
  "form.error.tooLong": "Use {max} characters or fewer.",
  "form.error.tooShort": "Use at least {min} characters.",
  "form.error.control":
    "This contains invisible control characters that cannot be used. If you pasted it, type it again.",
  "form.error.invalid": "Check this value.",
  "form.error.fileTooLarge":
    "The file is too large. Upload a file of {limit} or less.",
  "form.error.fileType": "Upload a PDF, JPG or PNG file.",
  "form.error.fileEmpty": "The file is empty. Upload a file with content.",
  "form.error.fileBroken":
    "The file is damaged or did not upload completely. Upload it again.",
  "form.error.oneFile": "Upload one file at a time.",
  "form.error.malformed":
    "The form could not be read. Reload the page and try again.",
  "form.summary.title": "Check what you entered",
  "form.optional": "(optional)",
  "form.file.current": "Uploaded: {name} ({size})",
  "form.file.replace": "Choosing another file replaces this one.",
  "form.file.accept": "PDF, JPG or PNG, {limit} at most",
  "error.csrf": "The security check failed. Reload the page and try again.",
  "error.forbidden": "You do not have access to this page.",
  "error.notFound": "Page not found.",
  "error.server": "Something went wrong on our side. Please try again shortly.",
  "error.back": "Back to home",
  "error.unavailable":
    "The service is not answering right now. Please try again shortly; what you entered was not saved.",
  "form.error.pending":
    "The same request is still being processed. Reload the page shortly to see the result.",
  "verify.noscript":
    "Verification on this page runs in your browser with JavaScript. Turn JavaScript on, or download the draw record and check it with `deno task lottery verify`.",
  "error.title": "Error {status}",
  "error.notFoundTitle": "Not found",
  "error.serverTitle": "Server error",
  "admin.title": "Admin",
  "admin.rounds": "Rounds",
  "admin.accounts": "Employees",
  "verify.title": "Verify a draw yourself",
  "verify.intro":
    "Paste a published draw record (JSON): this browser recomputes the seed, the order and the allocation and checks them.",
  "verify.paste": "Draw record JSON",
  "verify.run": "Verify",
  "verify.ok": "Verified: the record follows from its seed exactly.",
  "verify.failed": "Verification failed: {field}",
  "verify.invalidJson": "This is not valid JSON.",
  "verify.sample": "Load a sample record",
  "verify.digest":
    "Entry digest published at the freeze (from the round's page, not the record)",
  "verify.chainHead":
    "Chain head published with the last amendment (only when there are amendments)",

  // --- Admin navigation (shared) ---
  "adminNav.label": "Admin menu",
  "adminNav.dashboard": "Overview",
  "adminNav.employees": "Employees",
  "adminNav.roster": "Import HR roster",
  "adminNav.kindergartens": "Kindergartens",
  "adminNav.rounds": "Rounds",
  "adminNav.review": "Document review",
  "adminNav.audit": "Audit log",

  // --- People, passwords and the audit log (issue 9: people) ---
  "people.section": "Employees",

  // --- Roster import, passwords, mail and profile (issue 9: roster) ---
  "roster.section": "HR roster",
  "mail.greeting": "Hello {name},",
  "mail.signature": "Kids In Company (this address does not take replies)",
  "mail.setup.subject": "[KIC] Set your password",
  "mail.setup.body":
    "Your Kids In Company account {login} is ready. Set your password with the link below, then sign in.",
  "mail.setup.action": "Set my password",
  "mail.setup.expires":
    'The link works once, until {expires}. After that, use "Forgot your password?" on the sign-in page.',
  "mail.reset.subject": "[KIC] Password reset code {code}",
  "mail.reset.body":
    "Here is your password reset code. Enter it on the reset page within {minutes} minutes.",
  "mail.reset.action": "Open the reset page",
  "mail.reset.ignore":
    "If you did not ask for it, ignore this mail: your password stays the same.",
  "mail.changed.subject": "[KIC] Your password was changed",
  "mail.changed.body":
    "Your password was changed at {at}, and every other device was signed out.",
  "mail.changed.notYou":
    "If you did not change it, reset your password now and tell the daycare office.",
  "mail.changed.action": "Reset my password",
  "password.field.new": "New password",
  "password.field.confirm": "New password again",
  "password.field.old": "Current password",
  "password.hint": "At least 10 characters, not your account id.",
  "password.error.short": "A password needs at least 10 characters.",
  "password.error.sameAsLogin": "Your password cannot be your account id.",
  "password.error.mismatch":
    "The two passwords differ. Type the same one twice.",
  "password.setup.title": "Set your password",
  "password.setup.intro":
    "{name} ({login}), choose the password you will sign in with.",
  "password.setup.submit": "Set password",
  "password.setup.invalid":
    "This link is not valid. Check that you opened the link from the mail as it is.",
  "password.setup.expired": "This link has expired (it works for 72 hours).",
  "password.setup.used": "This link has already been used.",
  "password.setup.next":
    'Use "Forgot your password?" to get a code by mail and choose a new password.',
  "password.reset.title": "Forgot your password",
  "password.reset.codeTitle": "Enter your reset code",
  "password.reset.intro":
    "Enter your account id (the part of your company e-mail before the @) and we will mail you a 6-digit code.",
  "password.reset.send": "Send me a code",
  "password.reset.sent":
    "If the account {login} exists, a 6-digit code is on its way to its company e-mail. The code works for 10 minutes. If no mail comes, ask again in a little while.",
  "password.reset.haveCode": "Already have a code? Enter it here",
  "password.reset.again": "Send a new code",
  "password.reset.code": "6-digit code",
  "password.reset.codeError": "Enter the 6 digits.",
  "password.reset.submit": "Change password",
  "password.reset.wrong":
    "That code is wrong or has expired. Enter the newest code from your mail, or ask for a new one.",
  "password.reset.rateLimited":
    "Too many tries. Try again in {minutes} minutes, or enter the code on the page where you asked for it.",
  "password.forgot": "Forgot your password?",
  "password.notice.set": "Your password is set. Sign in with it now.",
  "password.notice.reset":
    "Your password is changed. Sign in with the new one.",
  "profile.title": "My profile",
  "profile.hr": "HR record",
  "profile.hrNote":
    "These come from the HR roster. If something is wrong, tell the daycare office.",
  "profile.name": "Name",
  "profile.login": "Account id",
  "profile.email": "E-mail",
  "profile.employeeNo": "Employee number",
  "profile.department": "Department",
  "profile.joinDate": "Join date",
  "profile.spouse": "Spouse (employee)",
  "profile.spouseLinked": "{name} (employee number {employeeNo})",
  "profile.spouseNone": "No spouse is linked.",
  "profile.language": "Language for mail and pages",
  "profile.languageHeading": "Language",
  "profile.languageSave": "Save language",
  "profile.password": "Change password",
  "profile.passwordNote": "Changing it signs you out on every other device.",
  "profile.passwordSubmit": "Change password",
  "profile.wrongOld": "Your current password is not right.",
  "profile.rateLimited":
    "Too many wrong tries. Try again in {minutes} minutes.",
  "profile.saved.language": "Your language is saved.",
  "profile.saved.password":
    "Your password is changed. Every other device is signed out.",
  "roster.title": "Import the HR roster",
  "roster.intro":
    'Upload the HR roster (CSV) to see a preview first. Nothing changes until you press "Apply".',
  "roster.file": "Roster file (CSV)",
  "roster.fileHint":
    'UTF-8 (with or without BOM) or Excel\'s "CSV (Comma delimited)" (CP949), 2 MB at most',
  "roster.upload": "Preview",
  "roster.columns": "File format",
  "roster.columnsIntro":
    "The first line is the header, in English or Korean; the columns may come in any order.",
  "roster.col.header": "Header",
  "roster.col.meaning": "Meaning",
  "roster.col.login":
    "Account id: the part of the company e-mail before the @ (a-z, 0-9, . _ -). Required",
  "roster.col.name": "Name in Korean. Required",
  "roster.col.employeeNo": "Employee number. Required, once per file",
  "roster.col.department": "Department. Optional",
  "roster.col.joinDate": "Join date, e.g. 2021-03-02. Required",
  "roster.col.spouse":
    "The spouse's employee number when the spouse works here. Optional; empty ends the link",
  "roster.col.email": "E-mail address. Optional; empty means id@{domain}",
  "roster.rules":
    "A re-import updates the employees with the same employee number and never deletes anyone missing from the file. Spouse links are set on both sides.",
  "roster.sample": "Download a sample CSV",
  "roster.error.empty": "The file is empty. Upload the CSV with the roster.",
  "roster.error.notCsv":
    'This cannot be read as CSV. In Excel, save as "CSV (Comma delimited)".',
  "roster.error.header":
    "The header lacks the column(s) {columns}. See the file format below.",
  "roster.error.tooLarge": "The file is too large. Upload 2 MB at most.",
  "roster.error.tooManyRows": "At most {max} employees per import.",
  "roster.previewTitle": "Preview: {file}",
  "roster.summary":
    "{new} new, {changed} changed, {same} unchanged, {bad} bad row(s)",
  "roster.bad": "Bad rows ({count})",
  "roster.badNote":
    "Bad rows are left out. Fix the file and upload it again, or apply the rest.",
  "roster.row": "Row {row}",
  "roster.new": "New employees ({count})",
  "roster.changed": "Changed employees ({count})",
  "roster.linked": "Employees whose spouse link changes with them ({count})",
  "roster.nothing": "Nothing to apply.",
  "roster.apply": "Apply {count} change(s)",
  "roster.applyNote": "New employees get a mail to set their password.",
  "roster.cancel": "Upload another file",
  "roster.expired":
    "This preview has expired or was already applied. Upload the file again.",
  "roster.stale":
    "Employee records changed after the preview. Upload the file again and check the new preview.",
  "roster.applied":
    "Roster applied: {created} new, {updated} changed. New employees are getting their set-password mail.",
  "roster.reason.missing": "{field} is missing",
  "roster.reason.badLogin":
    "The account id has other characters than a-z, 0-9, . _ -",
  "roster.reason.badDate": "The join date is not a date: {value}",
  "roster.reason.dupEmployeeNo":
    "Employee number {value} is also on row(s) {rows}",
  "roster.reason.dupLogin": "Account id {value} is also on row(s) {rows}",
  "roster.reason.loginTaken":
    "Account id {value} already belongs to employee number {other}",
  "roster.reason.unknownSpouse": "No employee has the spouse number {value}",
  "roster.reason.selfSpouse": "The spouse number is the employee's own",
  "roster.reason.spouseConflict":
    "The spouse link disagrees with another row (employee number {value})",
  "roster.reason.tooLong": "{field} is too long",
  "roster.reason.control": "{field} has characters that are not allowed",
  "roster.reason.badEmail": "The e-mail address is not valid",
  "roster.field.login": "Account id",
  "roster.field.name": "Name",
  "roster.field.employeeNo": "Employee number",
  "roster.field.department": "Department",
  "roster.field.joinDate": "Join date",
  "roster.field.spouse": "Spouse number",
  "roster.field.email": "E-mail",
  "roster.noSpouse": "none",

  // --- Kindergartens, rounds and recruitments (issue 9: setup) ---
  "setup.section": "Setup",

  // --- The family's application (issue 10) ---
  "apply.section": "Application",
};
