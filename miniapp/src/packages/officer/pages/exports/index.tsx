import { Picker, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Btn, chipA11y } from '../../../../components/Btn';
import { communityNameParam, communityParam } from '../../../../logic/district';
import {
  currentMonth,
  type ExportFormat,
  type ExportReport,
  exportFilename,
  exportReports,
  exportRequest,
  formatFor,
  lastMonth,
  weappAction,
} from '../../../../logic/officerOps';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import { downloadExport } from './download';

const FORMATS: ExportFormat[] = ['csv', 'xlsx'];

/** 导出: volunteer hours, the ledger, merchants' checks and discounts — one month, CSV or XLSX. */
export default function OfficerExports() {
  const [large] = useLargeType();
  const { lang, tr } = useLang();
  const [report, setReport] = useState<ExportReport>('hours');
  const [month, setMonth] = useState(() => lastMonth(Date.now()));
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  // a district administrator exports any community of the district (?communityId=)
  const communityId = communityParam(router.params);
  const communityName = communityNameParam(router.params);

  useDidShow(() => {
    requireSession(['officer', 'district_admin']);
  });

  const chosen = exportReports.find((r) => r.report === report)!;
  const effective = formatFor(report, format);

  const download = async () => {
    if (busy) return;
    setBusy(true);
    Taro.showLoading({ title: tr('ops.exports.downloading') });
    try {
      const { path, query } = exportRequest(report, month, effective, communityId);
      const name = await downloadExport(
        path,
        query,
        exportFilename(report, month, effective, lang),
        effective,
      );
      Taro.hideLoading();
      showOk(tr('ops.exports.saved', { name }));
    } catch (e) {
      Taro.hideLoading();
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('ops.exports.title')}</Text>
      {communityName ? (
        <Text className="block strong">{tr('district.ofCommunity', { v: communityName })}</Text>
      ) : null}
      <Text className="block muted">{tr('ops.exports.intro')}</Text>
      <View className="gap" />

      <View className="card">
        <Text className="h2">{tr('ops.exports.report')}</Text>
        <View className="chips">
          {exportReports.map((r) => (
            <View
              key={r.report}
              className={`chip ${report === r.report ? 'chip--on' : ''}`}
              {...chipA11y(report === r.report)}
              onClick={() => setReport(r.report)}
            >
              {tr(r.labelKey)}
            </View>
          ))}
        </View>
      </View>

      <View className="card">
        <Text className="h2">{tr('ops.exports.month')}</Text>
        <Picker
          mode="date"
          fields="month"
          value={month}
          end={currentMonth(Date.now())}
          onChange={(e) => setMonth(String(e.detail.value).slice(0, 7))}
        >
          <View className="picker">{month}</View>
        </Picker>
      </View>

      <View className="card">
        <Text className="h2">{tr('ops.exports.format')}</Text>
        <View className="chips">
          {FORMATS.map((f) => {
            const allowed = chosen.formats.includes(f);
            return (
              <View
                key={f}
                className={`chip ${effective === f ? 'chip--on' : ''}`}
                {...chipA11y(effective === f)}
                onClick={() => (allowed ? setFormat(f) : undefined)}
              >
                {f.toUpperCase()}
              </View>
            );
          })}
        </View>
        {chosen.formats.length === 1 ? (
          <Text className="block muted small">{tr('ops.exports.csvOnly')}</Text>
        ) : null}
        {process.env.TARO_ENV === 'weapp' && weappAction(effective) === 'share' ? (
          <Text className="block muted small">{tr('ops.exports.shareHint')}</Text>
        ) : null}
      </View>

      <Btn onClick={download} disabled={busy}>
        {busy ? tr('ops.exports.downloading') : tr('ops.exports.download')}
      </Btn>
    </View>
  );
}
