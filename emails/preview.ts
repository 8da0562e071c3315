/**
 * npm run email: renders every template with its PreviewProps to .mail/preview-<name>.html and
 * .txt (MAIL_DIR if set), the exact HTML and plain text the app sends. Open the .html in a browser.
 * (react-email's own preview server needs two more packages, pinned to matching versions, and a
 * second copy of Next.js; this keeps `npm install` as it is.)
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { passwordResetMail } from "@/lib/mail/messages";
import { renderMail } from "@/lib/mail/render";
import PasswordResetEmail from "./password-reset";

const dir = path.resolve(process.env.MAIL_DIR ?? ".mail");
const { code, minutes } = PasswordResetEmail.PreviewProps;
const mail = await renderMail(passwordResetMail("you@example.com", code, minutes * 60));

await mkdir(dir, { recursive: true });
const files = { html: path.join(dir, "preview-password-reset.html"), text: path.join(dir, "preview-password-reset.txt") };
await writeFile(files.html, mail.html);
await writeFile(files.text, mail.text);
console.log(`password-reset (subject "${mail.subject}"):\n  ${files.html}\n  ${files.text}`);
