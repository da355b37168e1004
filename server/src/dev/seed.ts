import {
  challengeCreateBody,
  HOUSEHOLD_CONSENT_VERSION,
  helpRequestBody,
  householdCreateBody,
  localDate,
  offerCreateBody,
  PLEDGE_VERSION,
  productCreateBody,
  proposalCreateBody,
} from '@timebank/shared';
import { count } from 'drizzle-orm';
import type { App } from '../app';
import type { Database } from '../db/client';
import { activities } from '../modules/activities/activities.table';
import { hashPassword } from '../modules/auth/passwords';
import { communities, districts } from '../modules/communities/communities.table';
import type { UserRow } from '../modules/users/users.repository';
import { findUserByUsername, insertUser } from '../modules/users/users.repository';
import { fakeOpenid } from './fake-wechat';

export const DEMO_LOGINS = {
  officer: { username: 'zirui-officer', password: 'zirui-demo-2018' },
  otherOfficer: { username: 'guihu-officer', password: 'guihu-demo-2018' },
  districtAdmin: { username: 'xindu-admin', password: 'xindu-demo-2018' },
  merchantOwner: { username: 'zhangji-noodles', password: 'noodles-demo-2018' },
  merchantStaff: { username: 'zhangji-staff', password: 'staff-demo-2018' },
  volunteers: [
    { code: 'dev:wang', name: '王阿姨' },
    { code: 'dev:li', name: '李师傅' },
    { code: 'dev:zhang', name: '张同学' },
  ],
};

const HOUR = 3_600_000;

/**
 * A demo community on first start of a development install: 紫瑞街社区 with an officer, volunteers and
 * activities (one running now, so check-in can be tried at once), and a second community beside it.
 * Does nothing when the database already holds a community.
 */
export async function seedDemo(
  database: Database,
  app: App,
  now: Date,
  thresholdHundredths: number,
  pointsPerHour: number,
) {
  const db = database.db;
  const [existing] = await db.select({ n: count() }).from(communities);
  if (Number(existing?.n ?? 0) > 0) return false;

  const [district] = await db.insert(districts).values({ name: '成都市新都区' }).returning();
  const [zirui, guihu] = await db
    .insert(communities)
    .values([
      {
        districtId: district!.id,
        name: '紫瑞街社区',
        code: 'ZR',
        certificateThreshold: thresholdHundredths,
        defaultPointsPerHour: pointsPerHour,
      },
      {
        districtId: district!.id,
        name: '桂湖社区',
        code: 'GH',
        certificateThreshold: thresholdHundredths,
        defaultPointsPerHour: pointsPerHour,
      },
    ])
    .returning();

  // Hash the staff passwords at once (scrypt runs on libuv's thread pool).
  const [officerHash, otherOfficerHash, adminHash] = await Promise.all(
    [DEMO_LOGINS.officer, DEMO_LOGINS.otherOfficer, DEMO_LOGINS.districtAdmin].map((l) =>
      hashPassword(l.password),
    ),
  );
  const officer = await insertUser(db, {
    communityId: zirui!.id,
    role: 'officer',
    displayName: '刘书记',
    realName: '刘红',
    username: DEMO_LOGINS.officer.username,
    passwordHash: officerHash,
  });
  await insertUser(db, {
    communityId: guihu!.id,
    role: 'officer',
    displayName: '陈主任',
    username: DEMO_LOGINS.otherOfficer.username,
    passwordHash: otherOfficerHash,
  });
  await insertUser(db, {
    communityId: zirui!.id,
    role: 'district_admin',
    displayName: '新都区街道管理员',
    username: DEMO_LOGINS.districtAdmin.username,
    passwordHash: adminHash,
  });
  const volunteers: UserRow[] = [];
  for (const v of DEMO_LOGINS.volunteers) {
    volunteers.push(
      await insertUser(db, {
        communityId: zirui!.id,
        role: 'volunteer',
        displayName: v.name,
        wechatOpenid: fakeOpenid(v.code.slice(4)),
      }),
    );
  }
  // 一位没有智能手机的老人，由社区干部代为登记时长。
  const noPhone = await insertUser(db, { communityId: zirui!.id, role: 'volunteer', displayName: '赵大爷' });

  const place = { placeName: '紫瑞街社区党群服务中心', lat: 30.8236, lng: 104.1589 };
  const base = {
    communityId: zirui!.id,
    description: '',
    capacity: 20,
    pointsPerHour: pointsPerHour,
    createdBy: officer.id,
    ...place,
  };
  const [past] = await db
    .insert(activities)
    .values({
      ...base,
      title: '为独居老人做午饭',
      category: 'elder_meals',
      startsAt: new Date(now.getTime() - 26 * HOUR),
      endsAt: new Date(now.getTime() - 24 * HOUR),
      status: 'published',
    })
    .returning();
  const [current] = await db
    .insert(activities)
    .values({
      ...base,
      title: '小区公共区域大扫除',
      category: 'public_cleanup',
      description: '请带好手套，社区提供扫帚和垃圾袋。',
      startsAt: new Date(now.getTime() - 10 * 60_000),
      endsAt: new Date(now.getTime() + 2 * HOUR),
      status: 'published',
    })
    .returning();
  const officerAuth = { id: officer.id, role: officer.role, communityId: officer.communityId };
  const created = await app.services.activities.createActivity(officerAuth, {
    title: '教老年人用手机缴费',
    category: 'digital_skills',
    description: '一对一帮助老人使用微信支付和政务服务。',
    place: { name: '紫瑞街社区活动室', lat: place.lat, lng: place.lng },
    startsAt: new Date(now.getTime() + 3 * 24 * HOUR).toISOString(),
    endsAt: new Date(now.getTime() + 3 * 24 * HOUR + 2 * HOUR).toISOString(),
    capacity: 10,
    pointsPerHour: pointsPerHour / 100,
    repeatWeeks: 4,
    topic: 'mobile_payment',
  });
  for (const a of created.occurrences) await app.services.activities.publishActivity(officerAuth, a.id);

  // 王阿姨 served two hours yesterday (2 points); one more hour and she reaches the certificate.
  await app.services.attendance.addManualAttendance(officerAuth, {
    activityId: past!.id,
    userId: volunteers[0]!.id,
    minutes: 120,
    reason: '演示数据：纸质签到',
    evidenceNote: '纸质签到表第1页',
  });
  await app.services.attendance.addManualAttendance(officerAuth, {
    activityId: past!.id,
    userId: noPhone.id,
    minutes: 90,
    reason: '老人没有智能手机，代为登记',
    evidenceNote: '现场照片 2 张，社区干部刘红见证',
  });

  // The alliance: three shops vetted and admitted, one application waiting for the officer.
  const shops = [
    {
      owner: DEMO_LOGINS.merchantOwner,
      name: '张记面馆',
      category: 'food' as const,
      tags: ['independent' as const],
      discount: { percentOff: 20, conditions: '堂食适用' },
      lat: 30.8241,
      lng: 104.1597,
    },
    {
      owner: { username: 'huimin-market', password: 'market-demo-2018' },
      name: '惠民超市',
      category: 'retail' as const,
      tags: [],
      discount: { percentOff: 14 },
      lat: 30.8262,
      lng: 104.1553,
    },
    {
      owner: { username: 'sunshine-gym', password: 'gym-demo-2018' },
      name: '阳光健身',
      category: 'fitness' as const,
      tags: ['women_owned' as const],
      discount: { percentOff: 50, conditions: '限工作日' },
      lat: 30.8199,
      lng: 104.1632,
    },
    {
      owner: { username: 'lijie-tailor', password: 'tailor-demo-2018' },
      name: '李姐裁缝铺',
      category: 'services' as const,
      tags: ['women_owned' as const, 'independent' as const],
      discount: { text: '免费修改裤脚' },
      lat: 30.8229,
      lng: 104.1571,
    },
  ];
  const applied = await Promise.all(
    shops.map((shop, i) =>
      app.services.merchants.apply({
        communityId: zirui!.id,
        owner: { ...shop.owner, displayName: `${shop.name}店主` },
        name: shop.name,
        category: shop.category,
        tags: shop.tags,
        address: `紫瑞街 ${i * 12 + 8} 号`,
        lat: shop.lat,
        lng: shop.lng,
        openingHours: '每天 8:00–21:00',
        contactPhone: `028-8399${1000 + i}`,
        licenceNo: `91510114MA6C8${i}K${i}1Y`,
        photos: [],
        discount: shop.discount,
        pledge: { accepted: true, version: PLEDGE_VERSION },
      }),
    ),
  );
  const merchantIds = applied.map((a) => a.merchant.id);
  for (const a of applied.slice(0, 3)) {
    await app.services.merchants.transition(
      officerAuth,
      a.merchant.id,
      'approve',
      '证照齐全，信誉良好，同意加入联盟',
    );
  }
  const owner = await findUserByUsername(db, DEMO_LOGINS.merchantOwner.username);
  const ownerUser = { id: owner!.id, role: owner!.role, communityId: owner!.communityId };
  await app.services.merchants.inviteStaff(ownerUser, {
    ...DEMO_LOGINS.merchantStaff,
    displayName: '面馆收银员小陈',
  });
  await app.services.board.post(ownerUser, {
    kind: 'recruitment',
    title: '招聘帮厨一名',
    body: '每天 10:00–14:00，包午餐，欢迎社区居民。',
  });

  // 张记面馆's page: two local dishes and an offer for this week (Quang Ninh's local products).
  await app.services.products.createProduct(
    ownerUser,
    productCreateBody.parse({
      name: '手工担担面',
      description: '每天现擀的面条，本地菜籽油',
      priceFen: 1200,
      isLocal: true,
    }),
  );
  await app.services.products.createProduct(
    ownerUser,
    productCreateBody.parse({ name: '新都豆花', priceText: '时价', isLocal: true }),
  );
  await app.services.products.createOffer(
    ownerUser,
    offerCreateBody.parse({
      title: '重阳敬老：70 岁以上老人面条半价',
      validFrom: localDate(now),
      validTo: localDate(new Date(now.getTime() + 6 * 24 * HOUR)),
    }),
  );

  // A business challenge with two residents' ideas (Ashdod's model); the round is open.
  const challenge = await app.services.challenges.postChallenge(
    ownerUser,
    challengeCreateBody.parse({
      title: '午市排长队，老人站不住',
      problem: '每天 11:30–12:30 排队超过 20 分钟，有老人站不住。大家有什么好办法？',
      bonus: { pointsPerParticipant: 0.5, maxParticipants: 10 },
    }),
  );
  const volunteerAuth = (v: UserRow) => ({
    id: v.id,
    role: v.role,
    communityId: v.communityId,
  });
  await app.services.challenges.propose(
    volunteerAuth(volunteers[1]!),
    challenge.id,
    proposalCreateBody.parse({ text: '门口放几把椅子，志愿者帮忙叫号' }).text,
  );
  await app.services.challenges.propose(
    volunteerAuth(volunteers[2]!),
    challenge.id,
    proposalCreateBody.parse({ text: '开通小程序提前点单，到店即取' }).text,
  );

  // A household in need, registered with consent, asking for a meal (Hainan's targeted support).
  const household = await app.services.households.register(
    officerAuth,
    householdCreateBody.parse({
      label: '周奶奶',
      category: 'elderly_alone',
      address: '紫瑞街 5 栋 1 单元 102',
      notes: '腿脚不便，耳朵有点背，敲门请用力',
      consent: {
        givenBy: '本人',
        givenAt: now.toISOString(),
        version: HOUSEHOLD_CONSENT_VERSION,
        agreed: true,
      },
    }),
  );
  await app.services.households.raiseAsOfficer(
    officerAuth,
    household.id,
    helpRequestBody.parse({ kind: 'meal', preferredTime: '每周三中午', details: '清淡，少盐' }),
  );

  return { communityId: zirui!.id, currentActivityId: current!.id, merchantIds };
}
