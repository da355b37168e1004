import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  timingSafeEqual,
} from 'node:crypto';
import type { Role } from '@timebank/shared';
import jwt from 'jsonwebtoken';
import type { Clock } from '../../clock';

const ISSUER = 'timebank-alliance';
const SESSION_AUDIENCE = 'timebank:session';
const CHECKIN_AUDIENCE = 'timebank:checkin';

export interface SessionClaims {
  userId: number;
  role: Role;
  communityId: number;
  /** The session's row (its `jti`); tokens made before sessions had rows carry none. */
  sessionId?: string | undefined;
}

/** What a verified session token says, with when it was issued (seconds since the epoch). */
export interface VerifiedSession extends SessionClaims {
  issuedAt: number;
}

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function keyPairFromPem(privatePem: string, publicPem?: string): KeyPair {
  const privateKey = createPrivateKey(privatePem);
  const publicKey = publicPem ? createPublicKey(publicPem) : createPublicKey(privateKey);
  if (privateKey.asymmetricKeyType !== 'ec') throw new Error('JWT keys must be EC P-256 keys for ES256');
  return { privateKey, publicKey };
}

export function generateKeyPair(): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

export type TokenFailure = 'expired' | 'invalid';

/** ES256 tokens for sessions and for the officers' rotating check-in codes; the clock is injected. */
export function createTokenService(deps: { keys: KeyPair; clock: Clock; sessionTtlSeconds: number }) {
  const { keys, clock } = deps;
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  // The key for the short check-in digits, derived from the configured signing key: no new secret.
  const checkinKey = createHash('sha256')
    .update('timebank:checkin-digits:')
    .update(keys.privateKey.export({ format: 'der', type: 'pkcs8' }))
    .digest();

  /** Six digits for an activity and a 30-second slot (RFC 4226 dynamic truncation of HMAC-SHA-256). */
  function checkinDigits(activityId: number, slot: number): string {
    const mac = createHmac('sha256', checkinKey).update(`${activityId}:${slot}`).digest();
    const offset = mac[mac.length - 1]! & 0x0f;
    return String(mac.readUInt32BE(offset) % 1_000_000).padStart(6, '0');
  }
  const same = (a: string, b: string) =>
    a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

  function verify(token: string, audience: string, maxAge?: number): jwt.JwtPayload | TokenFailure {
    try {
      const payload = jwt.verify(token, keys.publicKey, {
        algorithms: ['ES256'],
        audience,
        issuer: ISSUER,
        clockTimestamp: nowSeconds(),
        ...(maxAge ? { maxAge } : {}),
      });
      return typeof payload === 'string' ? 'invalid' : payload;
    } catch (err) {
      return (err as Error).name === 'TokenExpiredError' ? 'expired' : 'invalid';
    }
  }

  return {
    signSession(claims: SessionClaims): { token: string; expiresAt: Date } {
      const iat = nowSeconds();
      const exp = iat + deps.sessionTtlSeconds;
      const token = jwt.sign({ role: claims.role, cid: claims.communityId, iat, exp }, keys.privateKey, {
        algorithm: 'ES256',
        subject: String(claims.userId),
        audience: SESSION_AUDIENCE,
        issuer: ISSUER,
        ...(claims.sessionId ? { jwtid: claims.sessionId } : {}),
      });
      return { token, expiresAt: new Date(exp * 1000) };
    },

    verifySession(token: string): VerifiedSession | TokenFailure {
      const p = verify(token, SESSION_AUDIENCE);
      if (typeof p === 'string') return p;
      const userId = Number(p.sub);
      if (!Number.isInteger(userId) || typeof p.role !== 'string' || typeof p.cid !== 'number')
        return 'invalid';
      if (typeof p.iat !== 'number' || (p.jti !== undefined && typeof p.jti !== 'string')) return 'invalid';
      return {
        userId,
        role: p.role as Role,
        communityId: p.cid,
        issuedAt: p.iat,
        ...(p.jti ? { sessionId: p.jti } : {}),
      };
    },

    /** A check-in code: bound to one activity, made at `issuedAt`, valid for `maxAgeSeconds`. */
    signCheckinCode(activityId: number, issuedAt: Date, maxAgeSeconds: number): string {
      const iat = Math.floor(issuedAt.getTime() / 1000);
      return jwt.sign({ act: activityId, iat, exp: iat + maxAgeSeconds }, keys.privateKey, {
        algorithm: 'ES256',
        audience: CHECKIN_AUDIENCE,
        issuer: ISSUER,
      });
    },

    /** The six digits shown beside the QR code for the slot starting at `issuedAt`. */
    checkinDigits(activityId: number, issuedAt: Date, slotSeconds: number): string {
      return checkinDigits(activityId, Math.floor(issuedAt.getTime() / 1000 / slotSeconds));
    },

    /**
     * Checks six digits for an activity: made for the current slot, or for an earlier one still within
     * `maxAgeSeconds` of its start. Digits of a slot up to ten minutes old answer 'expired'.
     */
    verifyCheckinDigits(
      activityId: number,
      digits: string,
      slotSeconds: number,
      maxAgeSeconds: number,
    ): { activityId: number; issuedAt: Date } | TokenFailure {
      const nowMs = clock.now().getTime();
      const current = Math.floor(nowMs / 1000 / slotSeconds);
      const oldest = current - Math.ceil(600 / slotSeconds);
      for (let slot = current; slot >= oldest; slot--) {
        if (!same(checkinDigits(activityId, slot), digits)) continue;
        const issuedAt = new Date(slot * slotSeconds * 1000);
        return nowMs - issuedAt.getTime() < maxAgeSeconds * 1000 ? { activityId, issuedAt } : 'expired';
      }
      return 'invalid';
    },

    verifyCheckinCode(code: string): { activityId: number; issuedAt: Date } | TokenFailure {
      const p = verify(code, CHECKIN_AUDIENCE);
      if (typeof p === 'string') return p;
      if (typeof p.act !== 'number' || typeof p.iat !== 'number') return 'invalid';
      return { activityId: p.act, issuedAt: new Date(p.iat * 1000) };
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
