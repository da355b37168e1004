import Taro, { useLoad, useRouter } from '@tarojs/taro';
import type { Role } from '@timebank/shared';
import { useState } from 'react';
import { showError, showOk } from './errors';
import { requireSession } from './session';
import { type Built, useFormSubmit } from './useFormSubmit';

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
  const { errors, busy, submit } = useFormSubmit();
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

  const save = () =>
    submit(
      opts.build(form),
      async (value) => {
        await opts.save(id, value);
        showOk(opts.savedText);
        setTimeout(() => Taro.navigateBack(), 800);
      },
      { leaves: true },
    );

  return { id, form, set, errors, busy, save };
}
