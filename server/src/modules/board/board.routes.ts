import {
  boardListOut,
  boardPostBody,
  boardPostOut,
  boardTakeDownOut,
  idParam,
  takeDownBody,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { BoardService } from './board.service';

export function boardRoutes(api: Api, svc: BoardService) {
  api.route(
    {
      method: 'post',
      path: '/board/posts',
      tag: 'board',
      summary: 'A merchant publishes a recruitment notice (招聘) or an activity push (活动推送)',
      action: 'board.post',
      body: boardPostBody,
      status: 201,
      errors: ['merchants.not_active', 'merchants.not_member'],
      response: boardPostOut,
    },
    ({ user, body }) => svc.post(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/board',
      tag: 'board',
      summary: 'The community board, merchants who honoured the most discounts in 90 days first',
      action: 'board.read',
      response: boardListOut,
    },
    ({ user }) => svc.list(user),
  );
  api.route(
    {
      method: 'post',
      path: '/board/posts/:id/take-down',
      tag: 'board',
      summary: 'An officer takes a post down, with a reason',
      action: 'board.take_down',
      params: idParam,
      body: takeDownBody,
      errors: ['board.not_found', 'board.already_taken_down'],
      response: boardTakeDownOut,
    },
    ({ user, params, body }) => svc.takeDown(user, params.id, body.reason),
  );
}
