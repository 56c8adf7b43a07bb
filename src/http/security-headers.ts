// **security-headers**: the site loads nothing from elsewhere and frames nothing, so the policy can be strict.
import type { RequestHandler } from 'express';

export function securityHeaders(): RequestHandler {
  return function securityHeadersMiddleware(_req, res, next) {
    res.set({
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  };
}
