/**
 * Placeholder for the Taro mini-program (a later issue builds it with Taro 4 + React for weapp and h5).
 * It already consumes the shared contracts, so the build proves the isomorphic package works here.
 */
import { type ErrorCode, errorMessage, maskName } from '@timebank/shared';

export function toastFor(code: ErrorCode | string): string {
  return errorMessage(code, 'zh');
}

export const holderLabel = (name: string) => maskName(name);
