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
  "people.list.title": "Employees",
  "people.list.intro":
    "Find an employee to edit their details, deactivate a leaver, or grant or remove the admin role.",
  "people.list.searchLabel": "Search",
  "people.list.searchHint":
    "Part of a name, account id, employee number or department.",
  "people.list.search": "Search",
  "people.list.clear": "Clear search",
  "people.list.new": "Add an employee",
  "people.list.count": "{total} people",
  "people.list.empty": "No employees yet. Add one, or import the HR roster.",
  "people.list.noMatch": "No employee matches '{query}'. Try another search.",
  "people.list.caption": "Employees",
  "people.col.name": "Name",
  "people.col.login": "Account id",
  "people.col.employeeNo": "Employee no.",
  "people.col.department": "Department",
  "people.col.role": "Role",
  "people.col.status": "Status",
  "people.role.admin": "Admin",
  "people.role.employee": "Employee",
  "people.status.active": "Active",
  "people.status.disabled": "Deactivated",
  "people.status.noPassword": "No password yet",
  "people.field.nameKo": "Name (Korean)",
  "people.field.login": "Account id",
  "people.field.email": "E-mail",
  "people.field.employeeNo": "Employee number",
  "people.field.department": "Department",
  "people.field.joinDate": "Join date",
  "people.field.spouseEmployeeNo": "Spouse's employee number",
  "people.hint.login":
    "The part of the company e-mail before @: lower-case letters, digits, . _ - only.",
  "people.hint.spouse":
    "If the spouse is an employee too, enter their number; both are linked. Leave empty to unlink.",
  "people.new.title": "Add an employee",
  "people.new.intro":
    "Registers one employee. For many, import the HR roster. The employee sets their own password.",
  "people.new.submit": "Add employee",
  "people.edit.title": "{name}: employee details",
  "people.edit.heading": "Edit details",
  "people.edit.submit": "Save changes",
  "people.edit.back": "Back to employees",
  "people.access.heading": "Account and role",
  "people.access.deactivateIntro":
    "Deactivating a leaver signs them out at once and stops them signing in. Their open applications pass to their employee spouse, or are withdrawn with a mail to the family.",
  "people.access.confirm":
    "I confirm that {name} has left, and deactivate the account.",
  "people.error.confirm": "Tick the box to confirm the deactivation.",
  "people.edit.auditLink": "See this employee's audit log",
  "people.access.deactivate": "Deactivate",
  "people.access.reactivateIntro":
    "Deactivated on {date}. Reactivating lets them sign in again.",
  "people.access.reactivate": "Reactivate",
  "people.access.grant": "Grant the admin role",
  "people.access.revoke": "Remove the admin role",
  "people.access.isAdmin": "Has the admin role.",
  "people.access.isEmployee": "Has the employee role.",
  "people.access.self": "Another admin can change your own role and status.",
  "people.done.created": "The employee was added.",
  "people.done.edited": "Your changes were saved.",
  "people.done.deactivated":
    "The account was deactivated. The employee is signed out at once.",
  "people.done.deactivatedApps":
    "The account was deactivated. {passed} application(s) passed to the spouse; {withdrawn} withdrawn and the family told.",
  "people.done.reactivated": "The account was reactivated.",
  "people.done.granted": "The admin role was granted.",
  "people.done.revoked": "The admin role was removed.",
  "people.error.loginFormat":
    "Use lower-case letters, digits, . _ - (64 at most).",
  "people.error.emailFormat": "Enter an e-mail address, like hong@company.com.",
  "people.error.employeeNoFormat": "Use letters, digits and - (32 at most).",
  "people.error.dateFormat": "Enter a date as YYYY-MM-DD.",
  "people.error.loginTaken": "This account id is already in use.",
  "people.error.employeeNoTaken": "This employee number is already registered.",
  "people.error.spouseUnknown":
    "No employee has this number. Register the spouse first.",
  "people.error.spouseSelf": "One's own number cannot be the spouse's.",
  "people.error.spouseLinked":
    "This employee is already linked to another spouse.",
  "people.error.selfAction":
    "You cannot change your own role or status. Ask another admin.",
  "people.error.lastAdmin":
    "This is the last admin. Grant the admin role to someone else first.",
  "people.error.unchanged": "Nothing was changed.",
  "people.pager.label": "Pages",
  "people.pager.prev": "Previous page",
  "people.pager.next": "Next page",
  "people.pager.titlePage": "{title} (page {page})",
  "people.pager.status": "Page {page} of {pages}",
  "audit.title": "Audit log",
  "audit.intro":
    "Every admin action, newest first. Entries can never be changed or deleted.",
  "audit.filter.person": "Person",
  "audit.filter.personHint": "Part of a name, account id or employee number",
  "audit.filter.action": "Action",
  "audit.filter.actionHint": "e.g. employee or employee.deactivate",
  "audit.filter.objectType": "Object type",
  "audit.filter.objectTypeHint": "e.g. account, round, application",
  "audit.filter.objectId": "Object id",
  "audit.filter.batchId": "Bulk action id",
  "audit.filter.from": "From",
  "audit.filter.until": "Until",
  "audit.filter.more": "More filters (object, bulk action, dates)",
  "audit.filter.fromHint": "Korean time, from this day",
  "audit.filter.untilHint": "Korean time, up to and including this day",
  "audit.filter.submit": "Search",
  "audit.filter.clear": "Clear filters",
  "audit.count": "{total} entries",
  "audit.empty": "No entries yet. Admin actions are recorded here.",
  "audit.noMatch": "No entry matches. Try fewer filters.",
  "audit.caption": "Audit log, newest first",
  "audit.col.at": "When",
  "audit.col.actor": "Who",
  "audit.col.action": "Action",
  "audit.col.object": "Object",
  "audit.col.change": "Change",
  "audit.system": "System",
  "audit.before": "Before",
  "audit.after": "After",
  "audit.batch": "Bulk action",
  "audit.badDate": "Enter a date as YYYY-MM-DD.",

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
