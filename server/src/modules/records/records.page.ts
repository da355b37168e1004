import { inZone, type ServiceRecordService } from '@timebank/shared';

const esc = (s: string | number) =>
  String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

export interface RecordPage {
  serial: string;
  community: { name: string };
  name: string;
  from: string;
  to: string;
  services: ServiceRecordService[];
  totalHours: number;
  totalPoints: number;
  activitiesCount: number;
  issuedAt: string;
  verificationCode: string;
  checkUrl: string;
  printedAt: Date;
  zone: string;
}

/** Inline styles only; the route allows exactly these (style-src 'unsafe-inline', nothing else). */
export const RECORD_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** 志愿服务记录证明: an A4 page to print, everything escaped. */
export function renderRecordPage(r: RecordPage): string {
  const day = (iso: string) => inZone(iso).format('YYYY年M月D日');
  const rows = r.services
    .map(
      (s, i) =>
        `<tr><td>${i + 1}</td><td>${esc(s.date)}</td><td>${esc(s.title)}</td><td class="n">${esc(s.hours)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>志愿服务记录证明 ${esc(r.serial)}</title>
<style>
@page { size: A4; margin: 20mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "Songti SC", "SimSun", "Noto Serif CJK SC", serif; color: #111; margin: 0 auto; max-width: 174mm; font-size: 11pt; line-height: 1.6; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 0.3em; margin: 8mm 0 2mm; }
.serial { text-align: center; color: #444; font-size: 10pt; margin-bottom: 8mm; }
.lead { text-indent: 2em; }
table { width: 100%; border-collapse: collapse; margin: 4mm 0; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #333; padding: 1.5mm 2mm; font-size: 10pt; }
th { background: #f0f0f0; }
td.n, th.n { text-align: right; }
.totals { font-weight: bold; }
.issuer { margin-top: 12mm; text-align: right; }
.check { margin-top: 10mm; border-top: 1px dashed #666; padding-top: 3mm; font-size: 9pt; color: #333; word-break: break-all; }
@media print { .noprint { display: none; } body { max-width: none; } }
</style>
</head>
<body>
<h1>志愿服务记录证明</h1>
<div class="serial">编号：${esc(r.serial)}</div>
<p class="lead">兹证明 <strong>${esc(r.name)}</strong> 于 ${esc(day(r.from))} 至 ${esc(day(r.to))} 期间，在${esc(r.community.name)}参加志愿服务活动 ${esc(r.activitiesCount)} 次，累计志愿服务时长 <strong>${esc(r.totalHours)}</strong> 小时，获得时间银行积分 ${esc(r.totalPoints)} 分。服务明细如下：</p>
<table>
<thead><tr><th>序号</th><th>日期</th><th>活动</th><th class="n">时长（小时）</th></tr></thead>
<tbody>
${rows}
<tr class="totals"><td colspan="3">合计</td><td class="n">${esc(r.totalHours)}</td></tr>
</tbody>
</table>
<p>特此证明。</p>
<div class="issuer">
<div>出具单位：${esc(r.community.name)}（社区时间银行）</div>
<div>出具日期：${esc(day(r.issuedAt))}</div>
</div>
<div class="check">
<div>验证码：<strong>${esc(r.verificationCode)}</strong></div>
<div>查验网址：${esc(r.checkUrl)}</div>
<div>凭编号与验证码可查验本证明的真伪及服务时长合计。打印时间：${esc(inZone(r.printedAt).format('YYYY-MM-DD HH:mm'))}（${esc(r.zone)}）</div>
</div>
</body>
</html>
`;
}
