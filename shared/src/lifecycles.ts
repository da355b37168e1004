/**
 * Every lifecycle of the product as data: the states an entity can be in and the moves between them,
 * each move named by its action and by who may take it. The server asks these tables before it
 * writes a status, the mini-program asks them which buttons to draw, and the database refuses any
 * other change of a `status` column (its allowed pairs are generated from here by
 * `scripts/lifecycles-sql.ts`; a test compares the migrated database with these tables).
 */
import { merchantStatuses } from './alliance';
import { challengeStatuses } from './challenges';
import { certificateAppealStatuses } from './contract/certificates';
import { claimStatuses } from './funds';
import { helpRequestStatuses, householdStatuses } from './households';
import { merchantChangeStatuses } from './merchant-changes';
import { movementStatuses } from './movements';
import { profileChangeStatuses } from './photos';
import { publicationStatuses } from './products';
import { redemptionItemStatuses } from './redemptions';
import { activityStatuses, attendanceStatuses, certificateStatuses } from './schemas';

/** Who takes a move: an officer, a shop's owner, the volunteer, a household's proxy, or the system itself. */
export const lifecycleActors = ['officer', 'owner', 'volunteer', 'proxy', 'system'] as const;
export type LifecycleActor = (typeof lifecycleActors)[number];

export interface LifecycleMove<S extends string> {
  readonly from: readonly S[];
  readonly to: S;
  readonly by: readonly LifecycleActor[];
}

export interface Lifecycle<S extends string = string, A extends string = string> {
  /** The database table whose `status` column the lifecycle guards; null when the row's existence is the state. */
  readonly table: string | null;
  readonly states: readonly S[];
  /** Every move, in the order the UI lists them. */
  readonly moves: { readonly [K in A]: LifecycleMove<S> };
  /**
   * The migration that added this lifecycle's guard, when it came after the first one
   * (0013_lifecycle_guard, which guards every lifecycle without `since`).
   */
  readonly since?: string;
}

const lifecycle = <const S extends string, const A extends string>(l: Lifecycle<S, A>): Lifecycle<S, A> => l;

/** 活动: drafted, published, cancelled (a help request's cancellation may cancel its activity). */
export const activityLifecycle = lifecycle({
  table: 'activities',
  states: activityStatuses,
  moves: {
    publish: { from: ['draft'], to: 'published', by: ['officer'] },
    cancel: { from: ['draft', 'published'], to: 'cancelled', by: ['officer', 'system'] },
  },
});

/** 报名: a row while enrolled, deleted when withdrawn (the unique key and has_attendance guard it). */
export const enrolmentLifecycle = lifecycle({
  table: null,
  states: ['none', 'enrolled'],
  moves: {
    enrol: { from: ['none'], to: 'enrolled', by: ['volunteer'] },
    withdraw: { from: ['enrolled'], to: 'none', by: ['volunteer'] },
  },
});

/** 签到: checked in, checked out, confirmed by an officer (a confirmed stay is corrected, never reopened). */
export const attendanceLifecycle = lifecycle({
  table: 'attendances',
  states: attendanceStatuses,
  moves: {
    check_out: { from: ['checked_in'], to: 'checked_out', by: ['volunteer'] },
    confirm: { from: ['checked_in', 'checked_out'], to: 'confirmed', by: ['officer'] },
  },
});

/** 投诉案件: open until an officer closes it with an outcome. */
export const caseLifecycle = lifecycle({
  table: 'cases',
  states: ['open', 'closed'] as const,
  moves: {
    close: { from: ['open'], to: 'closed', by: ['officer'] },
  },
});

/** 商家难题: open for ideas, closed with a winner, converted into an activity, or taken down. */
export const challengeLifecycle = lifecycle({
  table: 'challenges',
  states: challengeStatuses,
  moves: {
    close: { from: ['open'], to: 'closed', by: ['officer'] },
    convert: { from: ['closed'], to: 'converted', by: ['officer'] },
    take_down: { from: ['open', 'closed'], to: 'taken_down', by: ['officer'] },
  },
});

/** Ideas and votes are taken while the round can still be closed. */
export const challengeAcceptsIdeas = (s: (typeof challengeStatuses)[number]) =>
  moveTo(challengeLifecycle, s, 'close') !== null;

/**
 * 求助: open → scheduled (an activity is arranged) → done, or cancelled while open or scheduled (a
 * proxy only while open); a scheduled request whose activity is cancelled goes back to open.
 */
export const helpRequestLifecycle = lifecycle({
  table: 'help_requests',
  states: helpRequestStatuses,
  moves: {
    schedule: { from: ['open'], to: 'scheduled', by: ['officer'] },
    complete: { from: ['scheduled'], to: 'done', by: ['officer'] },
    cancel: { from: ['open', 'scheduled'], to: 'cancelled', by: ['officer', 'system'] },
    proxy_cancel: { from: ['open'], to: 'cancelled', by: ['proxy'] },
    // Its activity was cancelled (from the activities page): the request waits to be arranged again.
    reopen: { from: ['scheduled'], to: 'open', by: ['system'] },
  },
});

/** 困难家庭的同意: kept while consent stands; withdrawing it archives the household for good. */
export const householdLifecycle = lifecycle({
  table: 'households',
  states: householdStatuses,
  moves: {
    withdraw_consent: { from: ['active'], to: 'archived', by: ['officer'] },
  },
});

/** 爱心商家: vetted, warned, suspended, reinstated, removed. Removed and rejected are final. */
export const merchantLifecycle = lifecycle({
  table: 'merchants',
  states: merchantStatuses,
  moves: {
    approve: { from: ['applied'], to: 'active', by: ['officer'] },
    reject: { from: ['applied'], to: 'rejected', by: ['officer'] },
    warn: { from: ['active'], to: 'warned', by: ['officer'] },
    suspend: { from: ['active', 'warned'], to: 'suspended', by: ['officer'] },
    reinstate: { from: ['suspended', 'warned'], to: 'active', by: ['officer'] },
    remove: { from: ['active', 'warned', 'suspended'], to: 'removed', by: ['officer'] },
  },
});

/** 志愿者证书: suspension is reversible, revocation final — except that an overturned appeal restores it. */
export const certificateLifecycle = lifecycle({
  table: 'certificates',
  states: certificateStatuses,
  moves: {
    suspend: { from: ['active'], to: 'suspended', by: ['officer'] },
    reinstate: { from: ['suspended'], to: 'active', by: ['officer'] },
    revoke: { from: ['active', 'suspended'], to: 'revoked', by: ['officer'] },
    appeal_overturned: { from: ['suspended', 'revoked'], to: 'active', by: ['officer'] },
  },
});

/** 证书申诉: pending until an officer upholds the decision or overturns it. */
export const appealLifecycle = lifecycle({
  table: 'certificate_appeals',
  states: certificateAppealStatuses,
  moves: {
    upheld: { from: ['pending'], to: 'upheld', by: ['officer'] },
    overturned: { from: ['pending'], to: 'overturned', by: ['officer'] },
  },
});

/** 公告栏: published until an officer takes it down. */
export const boardPostLifecycle = lifecycle({
  table: 'board_posts',
  states: ['published', 'taken_down'] as const,
  moves: {
    take_down: { from: ['published'], to: 'taken_down', by: ['officer'] },
  },
});

const publication = {
  hide: { from: ['published'], to: 'hidden', by: ['owner'] },
  show: { from: ['hidden'], to: 'published', by: ['owner'] },
  take_down: { from: ['published', 'hidden'], to: 'taken_down', by: ['officer'] },
} as const;

/** 商品: the owner shows or hides it; an officer's take-down is final. */
export const productLifecycle = lifecycle({
  table: 'merchant_products',
  states: publicationStatuses,
  moves: publication,
});

/** 优惠: as products. */
export const offerLifecycle = lifecycle({
  table: 'merchant_offers',
  states: publicationStatuses,
  moves: publication,
});

/**
 * 资料变更: once a volunteer holds a certificate, a new photo or real name waits for an officer (the
 * old one stays in force); the volunteer may withdraw it, and a newer request or a withdrawn consent
 * withdraws it too (the system).
 */
export const profileChangeLifecycle = lifecycle({
  table: 'profile_changes',
  states: profileChangeStatuses,
  moves: {
    approve: { from: ['pending'], to: 'approved', by: ['officer'] },
    reject: { from: ['pending'], to: 'rejected', by: ['officer'] },
    withdraw: { from: ['pending'], to: 'withdrawn', by: ['volunteer', 'system'] },
  },
  since: '0017_photos',
});

/** 商家资料变更: a change of the licence or the discount waits for an officer's approval or rejection. */
export const merchantChangeLifecycle = lifecycle({
  table: 'merchant_change_requests',
  states: merchantChangeStatuses,
  moves: {
    approve: { from: ['pending'], to: 'approved', by: ['officer'] },
    reject: { from: ['pending'], to: 'rejected', by: ['officer'] },
  },
  since: '0018_merchant_change_requests',
});

/**
 * 积分转赠: a gift within the community's limits is made at once (born done); one above a limit waits
 * for an officer, who makes or refuses it; the giver may withdraw it while it waits. Donations and
 * the pool's spends are born done. A done movement is history: a mistake is a new movement.
 */
export const movementLifecycle = lifecycle({
  table: 'movements',
  states: movementStatuses,
  moves: {
    approve: { from: ['pending'], to: 'done', by: ['officer'] },
    reject: { from: ['pending'], to: 'rejected', by: ['officer'] },
    cancel: { from: ['pending'], to: 'cancelled', by: ['volunteer'] },
  },
  since: '0019_movements',
});
export type MovementAction = keyof typeof movementLifecycle.moves;

/**
 * 兑换项目: the owner shows or hides an item for points and ends it for good; an officer's take-down
 * is final too. Redeeming it changes its stock, never its status.
 */
export const redemptionItemLifecycle = lifecycle({
  table: 'redemption_items',
  states: redemptionItemStatuses,
  moves: {
    hide: { from: ['published'], to: 'hidden', by: ['owner'] },
    show: { from: ['hidden'], to: 'published', by: ['owner'] },
    end: { from: ['published', 'hidden'], to: 'ended', by: ['owner'] },
    take_down: { from: ['published', 'hidden'], to: 'taken_down', by: ['officer'] },
  },
  since: '0021_redemptions',
});

/**
 * 结算申请: a shop's claim is submitted; officers decide it once every line is approved or rejected
 * (its approved total is then committed against the fund's budget) and mark it paid with a reference.
 */
export const claimLifecycle = lifecycle({
  table: 'claims',
  states: claimStatuses,
  moves: {
    decide: { from: ['submitted'], to: 'decided', by: ['officer'] },
    pay: { from: ['decided'], to: 'paid', by: ['officer'] },
  },
  since: '0022_funds',
});

/** Every lifecycle by name: the list the database triggers and the tests are generated from. */
export const lifecycles = {
  activities: activityLifecycle,
  enrolments: enrolmentLifecycle,
  attendance: attendanceLifecycle,
  cases: caseLifecycle,
  challenges: challengeLifecycle,
  helpRequests: helpRequestLifecycle,
  households: householdLifecycle,
  merchants: merchantLifecycle,
  certificates: certificateLifecycle,
  appeals: appealLifecycle,
  boardPosts: boardPostLifecycle,
  products: productLifecycle,
  offers: offerLifecycle,
  profileChanges: profileChangeLifecycle,
  merchantChanges: merchantChangeLifecycle,
  movements: movementLifecycle,
  redemptionItems: redemptionItemLifecycle,
  claims: claimLifecycle,
} as const;
export type LifecycleName = keyof typeof lifecycles;

/** The state an action leads to from `from`, or null when the action is not allowed there. */
export function moveTo<S extends string, A extends string>(l: Lifecycle<S, A>, from: S, action: A): S | null {
  const m: LifecycleMove<S> | undefined = l.moves[action];
  return m?.from.includes(from) ? m.to : null;
}

const movesOf = <S extends string, A extends string>(l: Lifecycle<S, A>) =>
  Object.entries(l.moves) as [A, LifecycleMove<S>][];

/** Whether some action leads from `from` to `to` (staying put is not a move); with `by`, one that actor takes. */
export function canMove<S extends string, A extends string>(
  l: Lifecycle<S, A>,
  from: S,
  to: S,
  by?: LifecycleActor,
): boolean {
  return movesOf(l).some(
    ([, m]) => m.to === to && m.from.includes(from) && (by === undefined || m.by.includes(by)),
  );
}

/** The states reachable in one move from `from`, in the order of `states`. */
export function nextStates<S extends string, A extends string>(l: Lifecycle<S, A>, from: S): S[] {
  return l.states.filter((to) => canMove(l, from, to));
}

/** The actions allowed from `from`, in the table's order; with `by`, only those that actor takes. */
export function actionsFrom<S extends string, A extends string>(
  l: Lifecycle<S, A>,
  from: S,
  by?: LifecycleActor,
): A[] {
  return movesOf(l)
    .filter(([, m]) => m.from.includes(from) && (by === undefined || m.by.includes(by)))
    .map(([a]) => a);
}

/** Whether nothing leaves `state`: a final state (removed, rejected, cancelled…). */
export function isFinal<S extends string, A extends string>(l: Lifecycle<S, A>, state: S): boolean {
  return nextStates(l, state).length === 0;
}

/** Every allowed (from, to) pair, without repeats, in the order of `states`. */
export function allowedPairs<S extends string, A extends string>(l: Lifecycle<S, A>): [S, S][] {
  return l.states.flatMap((from) => nextStates(l, from).map((to): [S, S] => [from, to]));
}
