/** 中文 / English for 通存通兑: where a certificate counts, and the officers' choice. */
const entry = (zh: string, en: string) => ({ zh, en });

export const acceptanceDict = {
  'acceptance.scope': entry('通兑范围：{v}', 'Honoured: {v}'),
  'acceptance.where': entry('可在这些社区的联盟商家使用：{v}', 'Accepted at alliance shops of: {v}'),
  'acceptance.title': entry('通存通兑范围', 'Where certificates count'),
  'acceptance.entry': entry('通存通兑设置', 'Certificate area'),
  'acceptance.intro': entry(
    '决定本社区的志愿者证书可以在多大范围的联盟商家使用，以及本社区商家接受哪些社区的证书。双方都同意时才能通兑。',
    "Decide how far your community's certificates are honoured, and whose certificates your shops take. A certificate counts only where both communities agree.",
  ),
  'acceptance.current': entry('当前：{v}', 'Now: {v}'),
  'acceptance.save': entry('保存', 'Save'),
  'acceptance.saved': entry('已保存', 'Saved'),
  'acceptance.loadFailed': entry('加载失败', 'Could not load'),
};
