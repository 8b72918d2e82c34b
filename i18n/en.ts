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
};
