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

  // --- Kindergartens, rounds and recruitments (issue 9: setup) ---
  "setup.section": "Setup",

  // --- The family's application (issue 10) ---
  "apply.section": "Application",
  "apply.title": "{round}: your application",
  "apply.statusLine": "Status: {status}.",
  "apply.appliedChildren": "Children in the application: {names}",
  "apply.open": "Your family's application",
  "apply.noApplication": "You have no application yet.",
  "apply.deadline":
    "Deadline: {deadline} (you can change or withdraw it until then)",
  "apply.status.draft": "Draft (not submitted yet)",
  "apply.status.submitted": "Submitted, in review",
  "apply.status.accepted": "Accepted",
  "apply.status.needs_review": "Changed, in review again",
  "apply.status.withdrawn": "Withdrawn",
  "apply.status.excluded": "Excluded",
  "apply.done.draft":
    "Draft saved. Upload the documents and submit before the deadline.",
  "apply.done.submitted":
    "Submitted. The confirmation e-mail holds each child's lottery token. It is now in review.",
  "apply.done.updated":
    "Your changes were submitted. A new confirmation e-mail is on its way.",
  "apply.done.withdrawn":
    "Application withdrawn. You can apply again before the deadline.",
  "apply.done.uploaded": "Document uploaded.",
  "apply.phase.upcoming": "Applications open on {opens}.",
  "apply.phase.review":
    "The application window has closed. Documents are being reviewed; only a rejected document can be replaced.",
  "apply.phase.closed": "This round no longer takes applications.",
  "apply.phase.open": "Applications are open.",
  "apply.noChildren": "Add your children before you apply.",
  "apply.addChildren": "Add children",
  "apply.children": "Classes for each child",
  "apply.childrenHint":
    "For each child who applies, choose up to 3 classes, first choice first. Only classes of the child's age are listed. Leave a child blank to leave them out.",
  "apply.choicesOf": "{name}'s choices",
  "apply.rank": "Choice {rank}",
  "apply.noChoice": "No choice",
  "apply.noClass": "This round has no class for this age.",
  "apply.seats": "{seats} seats",
  "apply.linked": "Apply siblings together",
  "apply.linkedHint":
    "Linked siblings of the same age class share one list of choices and are drawn together: they get seats together or not at all. Give them the same choices.",
  "apply.factors": "Priority factors",
  "apply.factorsHint":
    "Tick only what applies. Each ticked factor needs a document, and counts once the document is accepted.",
  "apply.singleParent": "Single-parent family",
  "apply.disability": "Disability (a parent or the child)",
  "apply.dualIncome": "Dual income",
  "apply.dualIncomeCouple": "You are both employees, so no document is needed.",
  "apply.siblingEnrolled": "A sibling already attends the kindergarten",
  "apply.needs": "Needs: {doc}",
  "apply.childrenCount": "Children under 13",
  "apply.childrenCountHint":
    "Children in the family under 13 on the deadline, including those applying. Two or more needs a family register.",
  "apply.hr": "From HR (read only)",
  "apply.years": "Years of service (on the deadline)",
  "apply.yearsOf": "{name}: {years} years",
  "apply.couple": "Employee couple",
  "apply.yes": "Yes",
  "apply.no": "No",
  "apply.hrHint": "If this is wrong, contact HR.",
  "apply.documents": "Documents",
  "apply.docUploaded": "uploaded",
  "apply.docMissing": "not yet uploaded",
  "apply.uploadDocuments": "Upload documents ({count} to go)",
  "apply.viewDocuments": "See your documents",
  "apply.saveDraft": "Save draft",
  "apply.submit": "Submit",
  "apply.saveChanges": "Submit changes",
  "apply.submitHint":
    "To submit, the resident register and a document for each ticked factor must be uploaded. A draft can be saved without them.",
  "apply.editAccepted":
    "Changing an accepted application sends it back to review.",
  "apply.withdraw": "Withdraw",
  "apply.withdrawHint":
    "Withdrawing takes your family out of the draw. You can apply again before the deadline.",
  "apply.withdrawButton": "Withdraw the application",
  "apply.summary": "What you filed",
  "apply.error.tooManyChoices": "Choose at most 3 classes.",
  "apply.error.sameChoice": "Choose each class only once.",
  "apply.error.wrongClass": "Choose only classes of the child's age.",
  "apply.error.unitAlone":
    "To apply together, tick at least two children of the same age class.",
  "apply.error.unitChoices":
    "Siblings applying together need the same choices.",
  "apply.error.childrenCount": "Enter a number from 1 to 20.",
  "apply.error.noChild": "Choose a class for at least one child.",
  "apply.error.documentsMissing":
    "{count} required document(s) are missing. Upload them, then submit. You can save a draft meanwhile.",
  "apply.error.conflict":
    "The other parent has just changed the application. This is the application as saved now; make your changes again if needed.",
  "apply.error.closed":
    "Nothing was saved: the application window is not open.",
  "apply.error.kind":
    "Which document this is was not sent. Reload the page and upload again.",
  "apply.error.noFile": "Choose a file to upload.",
  "apply.error.uploadClosed":
    "This document cannot be uploaded now. After the deadline only a rejected document can be replaced.",
  "apply.documentsTitle": "{round}: documents",
  "apply.maskNote":
    "Please mask the last 7 digits of every resident registration number before uploading.",
  "apply.documentsIntro":
    "Upload one file per document (PDF, JPG or PNG, 10 MB at most). Files are kept private: only your family and the admins can see them.",
  "apply.neededDocuments": "Documents you need",
  "apply.otherDocuments": "Other documents (only for factors you tick)",
  "apply.chooseFile": "Choose a file",
  "apply.upload": "Upload",
  "apply.replace": "Replace",
  "apply.openDocument": "Open the file",
  "apply.uploadClosedHint": "Uploads are closed.",
  "apply.backToApplication": "Back to the application",
  "apply.docStatus.pending": "Uploaded, not reviewed yet",
  "apply.docStatus.accepted": "Accepted",
  "apply.docStatus.rejected": "Rejected: please upload it again",
  "apply.doc.resident_register": "Resident register copy",
  "apply.doc.single_parent": "Single-parent certificate",
  "apply.doc.family_register": "Family relations certificate",
  "apply.doc.disability": "Disability certificate",
  "apply.doc.employment": "Spouse's employment certificate",
  "apply.doc.sibling": "Sibling enrolment certificate",
  "apply.mail.subject": "[KIC] {round}: your application is filed",
  "apply.mail.intro":
    "Your application to {round} is filed. This is what was filed:",
  "apply.mail.status": "Status: {status}",
  "apply.mail.child": "{name} — lottery token {token}",
  "apply.mail.unit": "Linked siblings: {names} — unit lottery token {token}",
  "apply.mail.tokens":
    "Keep these tokens: after the draw you can recompute your family's pseudonyms from the revealed secret and check them yourself.",
  "apply.mail.deadline":
    "You can change or withdraw it until the deadline ({deadline}).",
  "children.title": "My children",
  "children.intro":
    "Your family's children, shared with your spouse. The class follows from the birth date and the round.",
  "children.empty":
    "No child yet. Add one below with their name and birth date.",
  "children.edit": "Edit {name}",
  "children.add": "Add a child",
  "children.addButton": "Add",
  "children.name": "Name",
  "children.birthDate": "Birth date",
  "children.birthDateHint": "For example 2024-05-14",
  "children.error.birthDate":
    "Enter a real date from 2000-01-01 to today, as YYYY-MM-DD.",
  "children.error.birthDateLocked":
    "This child is in a submitted application, so the birth date stays as filed. Take them out of the application first.",
  "children.error.inApplication":
    "This child is in a submitted application. Take them out of it first.",
  "children.done.added": "Child added. You can now fill in the application.",
  "children.done.updated": "Changes saved.",
  "children.done.removed": "Child removed.",
  "children.back": "Back to my children",
  "children.save": "Save",
  "children.remove": "Remove",
  "children.removeHint": "The child also leaves a draft application.",
  "children.removeButton": "Remove {name}",
  "children.next": "Go home to apply",
  "home.title": "My applications",
  "home.myChildren": "My children ({count})",
  "home.phase": "Now: {phase}",
  "home.phase.upcoming": "before applications open",
  "home.phase.open": "applications open",
  "home.phase.review": "document review",
  "home.phase.closed": "applications closed",
  "home.yourApplication": "Your family's application: {status}",
  "home.noApplication": "Your family's application: none yet",
  "home.classes": "Seats and applicants so far, by class",
  "home.applicants": "Applicants",
  "home.next.upcoming": "Applications open on {opens}.",
  "home.next.addChildren": "First, add your children.",
  "home.next.start": "Apply by {deadline}.",
  "home.next.draft":
    "Your draft is not submitted yet. Submit it by {deadline}.",
  "home.next.documents": "{count} document(s) still to upload.",
  "home.next.submitted":
    "Submitted and in review. You can change it until {deadline}.",
  "home.next.rejected": "A document was rejected. Upload it again by {until}.",
  "home.next.wait": "The draw is on {draw}.",
  "home.link.children": "Add children",
  "home.link.start": "Start the application",
  "home.link.continue": "Continue",
  "home.link.documents": "Upload documents",
  "home.link.view": "See the application",
};
