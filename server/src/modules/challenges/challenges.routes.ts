import {
  challengeBonusAwardOut,
  challengeClosedOut,
  challengeConvertBody,
  challengeConvertedOut,
  challengeCreateBody,
  challengeDetailOut,
  challengeListQuery,
  challengeOut,
  challengeProposalCreatedOut,
  challengesListOut,
  challengeTakenDownOut,
  challengeVoteBody,
  challengeVoteOut,
  idParam,
  proposalCreateBody,
  takeDownBody,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { ChallengesService } from './challenges.service';

const TAG = 'challenges';

export function challengesRoutes(api: Api, svc: ChallengesService) {
  api.route(
    {
      method: 'post',
      path: '/challenges',
      tag: TAG,
      summary: "An alliance merchant's owner puts a business problem to its community (商家难题)",
      action: 'challenges.create',
      body: challengeCreateBody,
      status: 201,
      errors: ['merchants.not_member', 'merchants.owner_only', 'merchants.not_active'],
      limit: { max: 20, windowSeconds: 3600 },
      response: challengeOut,
    },
    ({ user, body }) => svc.postChallenge(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/challenges',
      tag: TAG,
      summary: "The community's challenges, newest first, with proposal and vote counts",
      action: 'challenges.read',
      query: challengeListQuery,
      response: challengesListOut,
    },
    ({ user, query }) => svc.listChallenges(user, query),
  );
  api.route(
    {
      method: 'get',
      path: '/challenges/:id',
      tag: TAG,
      summary: 'A challenge with its proposals, their vote counts and your own vote',
      action: 'challenges.read',
      params: idParam,
      errors: ['challenges.not_found'],
      response: challengeDetailOut,
    },
    ({ user, params }) => svc.getChallenge(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/challenges/:id/proposals',
      tag: TAG,
      summary: 'A resident proposes a solution while the round is open (one each)',
      action: 'challenges.propose',
      params: idParam,
      body: proposalCreateBody,
      status: 201,
      errors: ['challenges.not_found', 'challenges.not_open', 'challenges.already_proposed'],
      limit: { max: 30, windowSeconds: 3600 },
      response: challengeProposalCreatedOut,
    },
    ({ user, params, body }) => svc.propose(user, params.id, body.text),
  );
  api.route(
    {
      method: 'put',
      path: '/challenges/:id/vote',
      tag: TAG,
      summary: 'Votes for a proposal: one vote per person per challenge; voting again moves it',
      description:
        'Residents, shop staff and officers of the community vote. Voting again while the round is open moves the vote; nobody votes for their own proposal.',
      action: 'challenges.vote',
      params: idParam,
      body: challengeVoteBody,
      errors: [
        'challenges.not_found',
        'challenges.not_open',
        'challenges.proposal_not_found',
        'challenges.own_proposal',
      ],
      limit: { max: 60, windowSeconds: 3600 },
      response: challengeVoteOut,
    },
    ({ user, params, body }) => svc.vote(user, params.id, body.proposalId),
  );
  api.route(
    {
      method: 'post',
      path: '/challenges/:id/close',
      tag: TAG,
      summary: 'An officer closes the round: most votes wins, ties go to the earliest proposal',
      action: 'challenges.manage',
      params: idParam,
      errors: ['challenges.not_found', 'challenges.not_open'],
      response: challengeClosedOut,
    },
    ({ user, params }) => svc.closeRound(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/challenges/:id/take-down',
      tag: TAG,
      summary: 'An officer takes a challenge down, with a reason',
      action: 'challenges.manage',
      params: idParam,
      body: takeDownBody,
      errors: ['challenges.not_found', 'challenges.already_taken_down', 'challenges.already_converted'],
      response: challengeTakenDownOut,
    },
    ({ user, params, body }) => svc.takeDown(user, params.id, body.reason),
  );
  api.route(
    {
      method: 'post',
      path: '/challenges/:id/convert',
      tag: TAG,
      summary: 'An officer turns the winning solution into a volunteer activity',
      action: 'challenges.manage',
      params: idParam,
      body: challengeConvertBody,
      status: 201,
      errors: [
        'challenges.not_found',
        'challenges.not_closed',
        'challenges.no_winner',
        'challenges.already_converted',
        'activities.invalid_time',
        'activities.already_ended',
        'activities.topic_needs_digital',
        'activities.already_published',
        'activities.already_cancelled',
        'communities.not_found',
      ],
      response: challengeConvertedOut,
    },
    ({ user, params, body }) => svc.convert(user, params.id, body),
  );
  api.route(
    {
      method: 'post',
      path: '/challenges/:id/award-bonus',
      tag: TAG,
      summary: "After the activity, credits the merchant's sponsored bonus to confirmed participants",
      description:
        "Each confirmed participant with points, first confirmed first, up to the merchant's cap, gets one 'sponsorship' ledger line. Awarding again credits nobody twice.",
      action: 'challenges.manage',
      params: idParam,
      errors: [
        'challenges.not_found',
        'challenges.not_converted',
        'challenges.no_bonus',
        'challenges.activity_not_ended',
        'activities.not_found',
        'ledger.idempotency_conflict',
      ],
      response: challengeBonusAwardOut,
    },
    ({ user, params }) => svc.awardBonus(user, params.id),
  );
}
