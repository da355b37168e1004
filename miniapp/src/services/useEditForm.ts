import Taro, { useLoad, useRouter } from '@tarojs/taro';
import type { Role } from '@timebank/shared';
import { useState } from 'react';
import { showError, showOk } from './errors';
import { requireSession } from './session';

type Built<V> = { ok: true; value: V } | { ok: false; errors: Record<string, string>; first: string };

/**
 * A page that creates something, or edits it with `?id=`: the form (loaded for an id after the session
 * check), its field errors, and save — validated first (the first problem as a toast), then created or
 * updated, a confirmation, and back to the list.
 */
export function useEditForm<F, V>(opts: {
  roles: Role[];
  initial: () => F;
  /** The form for an existing item, or undefined when it is not found. */
  load: (id: number) => Promise<F | undefined>;
  build: (form: F) => Built<V>;
  save: (id: number | null, value: V) => Promise<unknown>;
  savedText: string;
}) {
  const router = useRouter();
  const id = router.params.id ? Number(router.params.id) : null;
  const [form, setForm] = useState<F>(opts.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof F>(k: K, v: F[K]) => setForm((f) => ({ ...f, [k]: v }));

  useLoad(() => {
    if (!requireSession(opts.roles)) return;
    if (id)
      opts
        .load(id)
        .then((f) => {
          if (f) setForm(f);
        })
        .catch(showError);
  });

  const save = async () => {
    const built = opts.build(form);
    if (!built.ok) {
      setErrors(built.errors);
      Taro.showToast({ title: built.first, icon: 'none' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await opts.save(id, built.value);
      showOk(opts.savedText);
      setTimeout(() => Taro.navigateBack(), 800);
    } catch (e) {
      showError(e);
      setBusy(false);
    }
  };

  return { id, form, set, errors, busy, save };
}
