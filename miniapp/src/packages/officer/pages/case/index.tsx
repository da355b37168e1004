import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import {
  buildCaseClose,
  buildCaseNote,
  type CaseResolution,
  caseFollowUp,
  caseKindLabels,
  caseResolutionHints,
  caseResolutionLabels,
  caseStatusLabels,
  caseSubject,
} from '../../../../logic/cases';
import { formatDateTime } from '../../../../logic/format';
import { addCaseNote, closeCase, getCase } from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { CaseDetailDto } from '../../../../services/types';

const RESOLUTIONS: CaseResolution[] = ['upheld', 'dismissed'];

/** One case: what was reported, the officers' notes, and closing it with an outcome. */
export default function OfficerCase() {
  const [large] = useLargeType();
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
    const built = buildCaseNote(note);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      setC(await addCaseNote(id, built.value.note));
      setNote('');
      showOk('已记录');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const close = async () => {
    const built = buildCaseClose(outcome, resolution);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    const { confirm } = await Taro.showModal({
      title: '结案',
      content: `结案后不能再修改，反映人会收到处理结果。确定结案（${caseResolutionLabels[built.value.resolution]}）吗？`,
      confirmText: '结案',
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      setC(await closeCase(id, built.value));
      showOk('已结案');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!c) {
    return (
      <View className={pageClass(large)}>
        <Text className={error ? 'block bad' : 'muted'}>{error || '正在加载…'}</Text>
      </View>
    );
  }
  const followUp = caseFollowUp(c);
  return (
    <View className={pageClass(large)}>
      <View className="row row--start">
        <Text className={`tag ${c.status === 'open' ? 'tag--amber' : 'tag--grey'}`}>
          {caseStatusLabels[c.status]}
        </Text>
        <Text className="tag">{caseKindLabels[c.kind] ?? c.kind}</Text>
      </View>
      <Text className="h1">{caseSubject(c)}</Text>
      <View className="card">
        <Text className="block">{c.description}</Text>
        <Text className="block muted small">
          第 {c.id} 号 · 反映于 {formatDateTime(c.createdAt)}
          {c.verificationId ? ` · 核验记录 ${c.verificationId}` : ''}
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
            已结案 · {c.resolution ? caseResolutionLabels[c.resolution] : ''}
          </Text>
          <Text className="block">处理结果：{c.outcome}</Text>
          {c.closedAt ? <Text className="block small">{formatDateTime(c.closedAt)}</Text> : null}
        </View>
      ) : null}

      <View className="card">
        <Text className="h2">处理记录</Text>
        {c.notes.length === 0 ? <Text className="muted">还没有记录</Text> : null}
        {c.notes.map((n) => (
          <View className="line" key={n.id}>
            <Text className="block">{n.note}</Text>
            <Text className="block muted small">
              {formatDateTime(n.at)} · {n.author}
            </Text>
          </View>
        ))}
        {c.status === 'open' ? (
          <View>
            <View className="field">
              <Text className="field__label">添加记录</Text>
              <Textarea
                className="textarea"
                value={note}
                maxlength={1000}
                placeholder="如：已电话联系商家，店主称当天店员不了解政策"
                onInput={(e) => setNote(e.detail.value)}
              />
            </View>
            <Btn kind="secondary" onClick={saveNote} disabled={busy}>
              保存记录
            </Btn>
          </View>
        ) : null}
      </View>

      {c.status === 'open' ? (
        <View className="card">
          <Text className="h2">结案</Text>
          <Text className="field__label">反映是否属实</Text>
          <View className="chips">
            {RESOLUTIONS.map((r) => (
              <View
                key={r}
                className={`chip ${resolution === r ? 'chip--on' : ''}`}
                onClick={() => setResolution(r)}
              >
                {caseResolutionLabels[r]}
              </View>
            ))}
          </View>
          {resolution ? <Text className="block muted small">{caseResolutionHints[resolution]}</Text> : null}
          <View className="field">
            <Text className="field__label">处理结果（反映人能看到）</Text>
            <Textarea
              className="textarea"
              value={outcome}
              maxlength={1000}
              placeholder="如：已约谈商家并警告，之后将按承诺给予优惠"
              onInput={(e) => setOutcome(e.detail.value)}
            />
          </View>
          <Btn onClick={close} disabled={busy}>
            结案
          </Btn>
        </View>
      ) : null}
    </View>
  );
}
