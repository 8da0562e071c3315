import Bowser from "bowser";

/**
 * "Chrome 131 on Windows" from a user agent. An API client's agent (curl, a library) names no
 * browser: it is shown as sent, shortened.
 */
export function describeUserAgent(userAgent: string | null | undefined): string {
  const text = (userAgent ?? "").trim();
  if (!text) return "Unknown device";
  const { browser, os } = Bowser.parse(text);
  const name = browser.name ? [browser.name, browser.version?.split(".")[0]].filter(Boolean).join(" ") : undefined;
  const system = os.name ? [os.name, os.versionName].filter(Boolean).join(" ") : undefined;
  if (name && system) return `${name} on ${system}`;
  return name ?? system ?? (text.length > 48 ? `${text.slice(0, 47)}…` : text);
}
