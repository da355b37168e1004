/** 商家管理, 证书管理 and 投诉处理: only valid moves are offered, and every move needs a reason. */
import test from 'ava';
import {
  buildCaseClose,
  buildCaseNote,
  caseFollowUp,
  caseStatusFilters,
  caseSubject,
} from '../../miniapp/src/logic/cases';
import {
  buildCertificateAction,
  certificateActionsFor,
  certificateNotice,
  nextCertificateStatus,
} from '../../miniapp/src/logic/certificates';
import {
  buildMerchantTransition,
  merchantActionsFor,
  merchantEventLabel,
  merchantStatusFilters,
  merchantStatusTag,
} from '../../miniapp/src/logic/merchantAdmin';

test('a merchant shows only the actions its status allows, with the status each leads to', (t) => {
  t.deepEqual(
    merchantActionsFor('applied').map((a) => a.outcome),
    ['通过申请 → 正常', '不予通过 → 未通过'],
  );
  t.deepEqual(
    merchantActionsFor('active').map((a) => a.action),
    ['warn', 'suspend', 'remove'],
  );
  t.deepEqual(
    merchantActionsFor('warned').map((a) => a.action),
    ['suspend', 'reinstate', 'remove'],
  );
  t.deepEqual(
    merchantActionsFor('suspended').map((a) => a.action),
    ['reinstate', 'remove'],
  );
  t.deepEqual(merchantActionsFor('removed'), []);
  t.deepEqual(merchantActionsFor('rejected'), []);
  t.true(merchantActionsFor('active').find((a) => a.action === 'remove')!.severe);
  t.false(merchantActionsFor('applied').find((a) => a.action === 'approve')!.severe);
});

test('a merchant move needs a reason, and an invalid move is refused before it is sent', (t) => {
  t.deepEqual(buildMerchantTransition('applied', 'approve', '  证照齐全  '), {
    ok: true,
    value: { action: 'approve', reason: '证照齐全' },
  });
  t.deepEqual(buildMerchantTransition('applied', 'approve', '   '), { ok: false, message: '请填写原因' });
  t.deepEqual(buildMerchantTransition('active', 'warn', 'x'.repeat(501)), {
    ok: false,
    message: '原因最多 500 个字',
  });
  const wrong = buildMerchantTransition('removed', 'reinstate', '整改完成');
  t.false(wrong.ok);
  t.is(!wrong.ok && wrong.message, '「已移出」的商家不能恢复正常');
});

test('the merchant list opens on applications; tags and the trail read in Chinese', (t) => {
  t.is(merchantStatusFilters[0]!.status, 'applied');
  t.is(merchantStatusFilters[1]!.label, '全部');
  t.is(merchantStatusFilters.length, 7);
  t.is(merchantStatusTag('active'), 'tag tag--green');
  t.is(merchantStatusTag('warned'), 'tag tag--amber');
  t.is(merchantStatusTag('removed'), 'tag tag--grey');
  t.is(merchantEventLabel({ action: 'warn', from: 'active', to: 'warned' }), '警告 → 已警告');
  t.is(merchantEventLabel({ action: 'apply', from: null, to: 'applied' }), '提交申请 → 待审核');
});

test('certificates: suspend is reversible, revoke is final, and both need a reason', (t) => {
  t.deepEqual(
    certificateActionsFor('active').map((a) => a.action),
    ['suspend', 'revoke'],
  );
  t.deepEqual(
    certificateActionsFor('suspended').map((a) => a.action),
    ['reinstate', 'revoke'],
  );
  t.deepEqual(certificateActionsFor('revoked'), []);
  t.is(nextCertificateStatus('suspended', 'reinstate'), 'active');
  t.is(nextCertificateStatus('active', 'reinstate'), null);
  t.deepEqual(buildCertificateAction('active', 'revoke', '多次出借证书'), {
    ok: true,
    value: { action: 'revoke', reason: '多次出借证书' },
  });
  t.deepEqual(buildCertificateAction('active', 'suspend', ''), { ok: false, message: '请填写原因' });
  t.deepEqual(buildCertificateAction('revoked', 'reinstate', '申诉成立'), {
    ok: false,
    message: '证书已收回，不能再更改',
  });
});

test('the holder is told clearly why the certificate cannot be used', (t) => {
  t.is(certificateNotice({ status: 'active', statusReason: null }), null);
  t.deepEqual(certificateNotice({ status: 'revoked', statusReason: '经核实多次出借证书' }), {
    title: '您的证书已被收回',
    reason: '经核实多次出借证书',
    hint: '证书已不能在联盟商家使用。如有异议，请联系社区干部申诉。',
  });
  const suspended = certificateNotice({ status: 'suspended', statusReason: ' ' });
  t.is(suspended?.title, '您的证书已暂停使用');
  t.is(suspended?.reason, '社区未填写原因');
});

test('cases: a note and a closing need text, and closing needs upheld or dismissed', (t) => {
  t.deepEqual(buildCaseNote(' 已电话联系商家 '), { ok: true, value: { note: '已电话联系商家' } });
  t.deepEqual(buildCaseNote(''), { ok: false, message: '请填写处理记录' });
  t.deepEqual(buildCaseClose('已约谈商家', null), { ok: false, message: '请选择：反映是否属实' });
  t.deepEqual(buildCaseClose('  ', 'upheld'), { ok: false, message: '请填写处理结果' });
  t.deepEqual(buildCaseClose('已约谈商家并警告', 'upheld'), {
    ok: true,
    value: { outcome: '已约谈商家并警告', resolution: 'upheld' },
  });
  t.is(caseStatusFilters[0]!.status, 'open');
});

test('cases say who reported what, and where the officer acts next', (t) => {
  const refused = { kind: 'refused_discount' as const, merchant: { id: 3, name: '张记面馆' } };
  t.is(caseSubject(refused), '志愿者反映「张记面馆」未给予优惠');
  t.deepEqual(caseFollowUp(refused), {
    label: '查看该商家',
    url: '/packages/officer/pages/merchant/index?id=3',
  });
  const lent = { kind: 'lent_certificate' as const, merchant: { id: 3, name: '张记面馆' } };
  t.is(caseSubject(lent), '「张记面馆」店员反映证书疑似出借');
  t.is(caseFollowUp(lent)?.url, '/packages/officer/pages/certificates/index');
  t.is(caseSubject({ kind: 'refused_discount', merchant: null }), '志愿者反映「未知商家」未给予优惠');
});
