/**
 * Numbers out of SIP and tel URIs (RFC 3261 §19.1, RFC 3966): the dialled number from the
 * Request-URI, the caller from P-Asserted-Identity or From (RT-1, RT-2).
 */
import { normaliseNumber } from '../../routing/domain/number.ts';
import { indexOfUnquoted, splitHeaderList } from './message.ts';

/**
 * The telephone number in a sip:/sips:/tel: URI, normalised to the national significant number
 * (+47 / 0047 dropped, visual separators removed), or undefined when the URI names no number
 * (no user part, or a user part that is not a telephone-subscriber such as "anonymous").
 */
export function numberFromUri(uri: string): string | undefined {
  const colon = uri.indexOf(':');
  if (colon < 0) return undefined;
  const scheme = uri.slice(0, colon).toLowerCase();
  let user: string;
  if (scheme === 'tel') {
    user = uri.slice(colon + 1);
  } else if (scheme === 'sip' || scheme === 'sips') {
    const at = uri.indexOf('@', colon + 1);
    if (at < 0) return undefined;
    user = uri.slice(colon + 1, at);
    const pw = user.indexOf(':');
    if (pw >= 0) user = user.slice(0, pw);
  } else return undefined;
  const semi = user.indexOf(';');
  if (semi >= 0) user = user.slice(0, semi);
  if (user.indexOf('%') >= 0) {
    try {
      user = decodeURIComponent(user);
    } catch {
      return undefined;
    }
  }
  // telephone-subscriber: optional "+", digits and visual separators only.
  if (!/^\+?[0-9][0-9\-.()]*$/.test(user)) return undefined;
  return normaliseNumber(user);
}

/** The URI inside a name-addr ("Alice" <sip:a@b>;tag=1) or an addr-spec (sip:a@b;tag=1). */
export function addressUri(value: string): string | undefined {
  // A quoted display name may hold "<" itself: look for the bracket outside quotes.
  const lt = value.indexOf('"') < 0 ? value.indexOf('<') : indexOfUnquoted(value, 60 /* < */);
  if (lt >= 0) {
    const gt = value.indexOf('>', lt);
    return gt < 0 ? undefined : value.slice(lt + 1, gt).trim();
  }
  const v = value.trim();
  const semi = v.indexOf(';');
  return semi < 0 ? v : v.slice(0, semi);
}

/**
 * The caller's number from P-Asserted-Identity values (RFC 3325: a sip URI, a tel URI or both),
 * preferring a tel URI; undefined when none carries a number.
 */
export function numberFromAssertedIdentity(values: string[]): string | undefined {
  let sipNumber: string | undefined;
  for (const raw of values) {
    for (const v of splitHeaderList(raw)) {
      const uri = addressUri(v);
      if (!uri) continue;
      const n = numberFromUri(uri);
      if (n === undefined) continue;
      if (uri.slice(0, 4).toLowerCase() === 'tel:') return n;
      sipNumber ??= n;
    }
  }
  return sipNumber;
}
