/** The signed-in session, kept in Taro storage. */
import Taro from '@tarojs/taro';
import { homeFor, isSessionValid, type Session, SIGN_IN } from '../logic/session';
import { KEYS, load, remove, save } from './storage';

export function currentSession(): Session | null {
  const s = load<Session>(KEYS.session);
  return isSessionValid(s, Date.now()) ? s : null;
}

export function saveSession(s: Session): void {
  save(KEYS.session, s);
}

export function clearSession(): void {
  remove(KEYS.session);
}

/** Open the signed-in user's home: the tab bar for volunteers, the subpackage for staff. */
export function goHome(s: Session): void {
  const home = homeFor(s.user.role);
  if (home.tab) Taro.switchTab({ url: home.url });
  else Taro.reLaunch({ url: home.url });
}

export function goSignIn(): void {
  Taro.reLaunch({ url: SIGN_IN });
}

/** For pages that need a session: the session, or null after sending the user to sign in. */
export function requireSession(roles?: Session['user']['role'][]): Session | null {
  const s = currentSession();
  if (!s) {
    goSignIn();
    return null;
  }
  if (roles && !roles.includes(s.user.role)) {
    goHome(s);
    return null;
  }
  return s;
}

export function signOut(): void {
  clearSession();
  goSignIn();
}
