import Taro from '@tarojs/taro';
import { useState } from 'react';
import { showError } from './errors';

export type Built<V> = { ok: true; value: V } | { ok: false; errors: Record<string, string>; first: string };

/** A check that stops at its first problem (`{ field, message }`), as `useFormSubmit` takes it. */
export function firstProblem<V>(
  r: { ok: true; value: V } | { ok: false; field: string; message: string },
): Built<V> {
  return r.ok ? r : { ok: false, errors: { [r.field]: r.message }, first: r.message };
}

/** Scrolls the first field error of the page on screen (h5: of the visible page; Taro keeps others). */
export function scrollToFirstError(): void {
  if (process.env.TARO_ENV === 'h5') {
    const shown = Array.from(document.querySelectorAll<HTMLElement>('.field__error')).find(
      (el) => el.offsetParent !== null,
    );
    shown?.scrollIntoView({ block: 'center' });
    return;
  }
  Taro.pageScrollTo({ selector: '.field__error', offsetTop: -120, duration: 200 }).catch(() => undefined);
}

/**
 * A form's field errors and busy flag, and its submission: the checked form (`build`'s result) is
 * refused with its field errors and the first one as a toast, or sent; a failure to send is shown
 * and the form can be sent again. A page that leaves after sending (`leaves`) stays busy, so a
 * second tap cannot send twice while it goes back.
 */
export function useFormSubmit() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit<V>(
    built: Built<V>,
    send: (value: V) => Promise<void>,
    opts: { leaves?: boolean } = {},
  ) {
    if (!built.ok) {
      setErrors(built.errors);
      Taro.showToast({ title: built.first, icon: 'none' });
      // the first error may be below the fold: bring it into view once it is drawn
      setTimeout(scrollToFirstError, 50);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await send(built.value);
      if (!opts.leaves) setBusy(false);
    } catch (e) {
      showError(e);
      setBusy(false);
    }
  }

  return { errors, busy, submit };
}
