import { Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { HOUSEHOLD_CONSENT_VERSION, type HouseholdCategory, householdCategories } from '@timebank/shared';
import { useEffect, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Field } from '../../../../components/Field';
import { TextField } from '../../../../components/TextField';
import {
  buildHouseholdInput,
  buildHouseholdPatch,
  categoryLabel,
  type HouseholdDto,
  type HouseholdForm,
  householdFormOf,
  householdsApi,
} from '../../../../logic/households';
import { showError, showOk } from '../../../../services/errors';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import { firstProblem, useFormSubmit } from '../../../../services/useFormSubmit';

const api = householdsApi(http);

const EMPTY: HouseholdForm = {
  label: '',
  category: 'elderly_alone',
  address: '',
  phone: '',
  notes: '',
  givenBy: '',
  agreed: false,
};

/**
 * Registering a household in need: minimal data, and the consent read to them and recorded. With
 * `?id=`, the same form edits a registered household's details (the consent stays as recorded).
 */
export default function NewHousehold() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const editId = Number(useRouter().params.id) || 0;
  const [was, setWas] = useState<HouseholdDto | null>(null);
  const [form, setForm] = useState<HouseholdForm>(EMPTY);
  const { errors, busy, submit } = useFormSubmit();
  const set = <K extends keyof HouseholdForm>(k: K, v: HouseholdForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  useEffect(() => {
    if (!editId || !requireSession(['officer'])) return;
    api
      .get(editId)
      .then((d) => {
        setWas(d.household);
        setForm(householdFormOf(d.household));
      })
      .catch(showError);
  }, [editId]);

  const save = async () => {
    if (!requireSession(['officer'])) return;
    if (editId) {
      if (!was) return;
      await submit(
        firstProblem(buildHouseholdPatch(form, was, lang)),
        async (patch) => {
          await api.update(was.id, patch);
          showOk(tr('hh.edit.saved'));
          setTimeout(() => Taro.navigateBack(), 800);
        },
        { leaves: true },
      );
      return;
    }
    await submit(
      firstProblem(buildHouseholdInput(form, new Date(), lang)),
      async (input) => {
        const h = await api.register(input);
        showOk(tr('hh.new.saved'));
        setTimeout(
          () => Taro.redirectTo({ url: `/packages/officer/pages/households-detail/index?id=${h.id}` }),
          800,
        );
      },
      { leaves: true },
    );
  };

  const catIndex = householdCategories.indexOf(form.category);
  const err = (f: string) => errors[f];
  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr(editId ? 'hh.edit.title' : 'hh.new.title')}</Text>
      <Text className="block muted">{tr('hh.new.noId')}</Text>
      <TextField
        label={tr('hh.new.label')}
        error={err('label')}
        value={form.label}
        maxlength={40}
        placeholder={tr('hh.new.labelHint')}
        onInput={(v) => set('label', v)}
      />
      <Field label={tr('hh.new.category')}>
        <Picker
          mode="selector"
          range={householdCategories.map((c) => categoryLabel(c, lang))}
          value={catIndex}
          onChange={(e) => set('category', householdCategories[Number(e.detail.value)] as HouseholdCategory)}
        >
          <View className="picker">{categoryLabel(form.category, lang)}</View>
        </Picker>
      </Field>
      <TextField
        label={tr('hh.new.address')}
        error={err('address')}
        value={form.address}
        maxlength={120}
        onInput={(v) => set('address', v)}
      />
      <TextField
        label={tr('hh.new.phone')}
        error={err('phone')}
        type="number"
        value={form.phone}
        maxlength={20}
        onInput={(v) => set('phone', v)}
      />
      <Field label={tr('hh.new.notes')}>
        <Textarea
          className="textarea"
          value={form.notes}
          maxlength={500}
          placeholder={tr('hh.new.notesHint')}
          onInput={(e) => set('notes', e.detail.value)}
        />
      </Field>

      {editId ? null : (
        <View className="card">
          <Text className="h2">{tr('hh.new.consentTitle')}</Text>
          <Text className="block">{tr('hh.new.consentText')}</Text>
          <Text className="block muted small">
            {tr('hh.new.consentVersion', { v: HOUSEHOLD_CONSENT_VERSION })}
          </Text>
          <TextField
            label={tr('hh.new.givenBy')}
            error={err('consent')}
            value={form.givenBy}
            maxlength={60}
            placeholder={tr('hh.new.givenByHint')}
            onInput={(v) => set('givenBy', v)}
          />
          <View className="row row--start" onClick={() => set('agreed', !form.agreed)}>
            <View className={`checkbox ${form.agreed ? 'checkbox--on' : ''}`}>{form.agreed ? '✓' : ''}</View>
            <Text className="strong">{tr('hh.new.agreed')}</Text>
          </View>
        </View>
      )}

      <Btn onClick={save} disabled={busy || (editId > 0 && !was)}>
        {tr(editId ? 'hh.edit.save' : 'hh.new.save')}
      </Btn>
    </View>
  );
}
