import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import {
  buildCaseClose,
  buildCaseNote,
  type CaseResolution,
  canAddCaseNote,
  canCloseCase,
  caseFollowUp,
  caseSubject,
} from '../../../../logic/cases';
import { formatDateTime } from '../../../../logic/format';
import {
  CASE_KIND,
  CASE_RESOLUTION,
  CASE_RESOLUTION_HINT,
  CASE_STATUS,
  labelOf,
} from '../../../../logic/labels';
import { addCaseNote, closeCase, getCase } from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { CaseDetailDto } from '../../../../services/types';

const RESOLUTIONS: CaseResolution[] = ['upheld', 'dismissed'];

/** One case: what was reported, the officers' notes, and closing it with an outcome. */
export default function OfficerCase() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const router = useRouter();
  const id = Number(router.params.id);
  const [c, setC] = useState<CaseDetailDto | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState('');
  const [resolution, setResolution] = useState<CaseResolution | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setC(await getCase(id));
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, [id]);

  useLoad(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    load();
  });

  const saveNote = async () => {
    const built = buildCaseNote(note, lang);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      setC(await addCaseNote(id, built.value.note));
      setNote('');
      showOk(tr('officer.case.noted'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const close = async () => {
    const built = buildCaseClose(outcome, resolution, lang);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    const { confirm } = await Taro.showModal({
      title: tr('officer.case.close'),
      content: tr('officer.case.closeConfirm', { v: labelOf(CASE_RESOLUTION, built.value.resolution, lang) }),
      confirmText: tr('officer.case.close'),
      cancelText: tr('officer.thinkAgain'),
    });
    if (!confirm) return;
    setBusy(true);
    try {
      setC(await closeCase(id, built.value));
      showOk(tr('officer.case.closedToast'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!c) {
    return (
      <View className={pageClass(large)}>
        <Text className={error ? 'block bad' : 'muted'}>{error || tr('common.loading')}</Text>
      </View>
    );
  }
  const followUp = caseFollowUp(c, lang);
  return (
    <View className={pageClass(large)}>
      <View className="row row--start">
        <Text className={`tag ${c.status === 'open' ? 'tag--amber' : 'tag--grey'}`}>
          {labelOf(CASE_STATUS, c.status, lang)}
        </Text>
        <Text className="tag">{labelOf(CASE_KIND, c.kind, lang)}</Text>
      </View>
      <Text className="h1">{caseSubject(c, lang)}</Text>
      <View className="card">
        <Text className="block">{c.description}</Text>
        <Text className="block muted small">
          {tr('officer.case.reportedAt', { id: c.id, at: formatDateTime(c.createdAt) })}
          {c.verificationId ? tr('officer.case.check', { v: c.verificationId }) : ''}
        </Text>
        {followUp ? (
          <Btn kind="secondary" small onClick={() => Taro.navigateTo({ url: followUp.url })}>
            {followUp.label}
          </Btn>
        ) : null}
      </View>

      {c.status === 'closed' ? (
        <View className={`result ${c.resolution === 'upheld' ? 'result--bad' : 'result--ok'}`}>
          <Text className="result__big">
            {tr('officer.case.closed', {
              v: c.resolution ? labelOf(CASE_RESOLUTION, c.resolution, lang) : '',
            })}
          </Text>
          <Text className="block">{tr('officer.case.outcome', { v: c.outcome ?? '' })}</Text>
          {c.closedAt ? <Text className="block small">{formatDateTime(c.closedAt)}</Text> : null}
        </View>
      ) : null}

      <View className="card">
        <Text className="h2">{tr('officer.trail')}</Text>
        {c.notes.length === 0 ? <Text className="muted">{tr('officer.noRecords')}</Text> : null}
        {c.notes.map((n) => (
          <View className="line" key={n.id}>
            <Text className="block">{n.note}</Text>
            <Text className="block muted small">
              {formatDateTime(n.at)} · {n.author}
            </Text>
          </View>
        ))}
        {canAddCaseNote(c.status) ? (
          <View>
            <View className="field">
              <Text className="field__label">{tr('officer.case.addNote')}</Text>
              <Textarea
                nativeProps={{ 'aria-label': tr('officer.case.addNote') }}
                className="textarea"
                value={note}
                maxlength={1000}
                placeholder={tr('officer.case.noteHint')}
                onInput={(e) => setNote(e.detail.value)}
              />
            </View>
            <Btn kind="secondary" onClick={saveNote} disabled={busy}>
              {tr('officer.case.saveNote')}
            </Btn>
          </View>
        ) : null}
      </View>

      {canCloseCase(c.status) ? (
        <View className="card">
          <Text className="h2">{tr('officer.case.close')}</Text>
          <Text className="field__label">{tr('officer.case.upheldQ')}</Text>
          <View className="chips">
            {RESOLUTIONS.map((r) => (
              <View
                key={r}
                className={`chip ${resolution === r ? 'chip--on' : ''}`}
                onClick={() => setResolution(r)}
              >
                {labelOf(CASE_RESOLUTION, r, lang)}
              </View>
            ))}
          </View>
          {resolution ? (
            <Text className="block muted small">{labelOf(CASE_RESOLUTION_HINT, resolution, lang)}</Text>
          ) : null}
          <View className="field">
            <Text className="field__label">{tr('officer.case.outcomeLabel')}</Text>
            <Textarea
              nativeProps={{ 'aria-label': tr('officer.case.outcomeLabel') }}
              className="textarea"
              value={outcome}
              maxlength={1000}
              placeholder={tr('officer.case.outcomeHint')}
              onInput={(e) => setOutcome(e.detail.value)}
            />
          </View>
          <Btn onClick={close} disabled={busy}>
            {tr('officer.case.close')}
          </Btn>
        </View>
      ) : null}
    </View>
  );
}
