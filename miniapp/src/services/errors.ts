/** Show an error as a Chinese toast; a lost session goes back to sign-in. */
import Taro from '@tarojs/taro';
import { messageForCode, NETWORK_ERROR, needsSignIn } from '../logic/errors';
import { ApiError } from './http';
import { currentLang } from './prefs';
import { goSignIn } from './session';

export function errorCodeOf(e: unknown): string {
  return e instanceof ApiError ? e.code : NETWORK_ERROR;
}

export function messageFor(e: unknown): string {
  if (e instanceof ApiError) return messageForCode(e.code, e.details, currentLang());
  return messageForCode(NETWORK_ERROR, undefined, currentLang());
}

export function showError(e: unknown): void {
  Taro.showToast({ title: messageFor(e), icon: 'none', duration: 3000 });
  if (e instanceof ApiError && needsSignIn(e.code)) setTimeout(goSignIn, 1200);
}

export function showOk(title: string): void {
  Taro.showToast({ title, icon: 'success', duration: 1800 });
}
