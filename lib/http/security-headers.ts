/**
 * Headers for every response. The CSP keeps scripts, styles, frames and form posts to this
 * origin. Next's App Router streams its data in inline scripts, so script-src needs
 * 'unsafe-inline' unless every page renders per request with a nonce; 'unsafe-eval' is for
 * React's dev tooling only.
 */
export function securityHeaders(dev: boolean): Array<{ key: string; value: string }> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    // Browsers ignore it over plain http, so it is safe to send always.
    { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
  ];
}
