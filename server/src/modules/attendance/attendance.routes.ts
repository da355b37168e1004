import {
  adjustAttendanceBody,
  attendanceAdjustOut,
  attendanceCheckinOut,
  attendanceConfirmOut,
  attendanceListOut,
  attendanceOut,
  attendanceReviewOut,
  checkinBody,
  confirmAttendanceBody,
  idParam,
  manualAttendanceBody,
  myOpenAttendanceOut,
  reviewListQuery,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { AttendanceService } from './attendance.service';

const CODE_ERRORS = [
  'checkins.code_invalid',
  'checkins.code_expired',
  'checkins.activity_required',
  'checkins.code_wrong_activity',
  'checkins.outside_window',
  'activities.not_published',
  'activities.not_found',
];

export function attendanceRoutes(api: Api, svc: AttendanceService) {
  api.route(
    {
      method: 'post',
      path: '/checkins',
      limit: { max: 30, windowSeconds: 60 },
      tag: 'checkins',
      summary:
        "Check in with the officer's rotating code; location is recorded and far check-ins are flagged",
      description:
        'activityId, when given, must be the activity of the code. A walk-in is enrolled if a place is left.',
      action: 'checkins.checkin',
      body: checkinBody,
      status: 201,
      response: attendanceCheckinOut,
      errors: [
        ...CODE_ERRORS,
        'checkins.already_checked_in',
        'checkins.checked_in_elsewhere',
        'activities.full',
      ],
    },
    ({ user, body }) => svc.checkIn(user, body),
  );
  api.route(
    {
      method: 'post',
      path: '/checkouts',
      limit: { max: 30, windowSeconds: 60 },
      tag: 'checkins',
      summary: "Check out with the officer's rotating code",
      action: 'checkins.checkin',
      body: checkinBody,
      response: attendanceCheckinOut,
      errors: [...CODE_ERRORS, 'checkins.not_checked_in', 'checkins.already_checked_out'],
    },
    ({ user, body }) => svc.checkOut(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/me/attendance/open',
      tag: 'checkins',
      summary: "The volunteer's check-ins still waiting for a check-out (the check-in page after a reload)",
      action: 'checkins.checkin',
      response: myOpenAttendanceOut,
      errors: [],
    },
    ({ user }) => svc.myOpenAttendance(user),
  );
  api.route(
    {
      method: 'get',
      path: '/attendance/review',
      tag: 'attendance',
      summary:
        'Attendance waiting for confirmation, exceptions first (short stay, missing check-out, far location)',
      action: 'attendance.review',
      query: reviewListQuery,
      response: attendanceReviewOut,
      errors: ['auth.wrong_community'],
    },
    ({ user, query }) => svc.reviewList(user, query),
  );
  api.route(
    {
      method: 'get',
      path: '/activities/:id/attendance',
      tag: 'attendance',
      summary: 'Every attendance of one activity',
      action: 'attendance.review',
      params: idParam,
      response: attendanceListOut,
      errors: ['activities.not_found'],
    },
    ({ user, params }) => svc.activityAttendance(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/attendance/confirm',
      tag: 'attendance',
      summary: 'Confirm one or many attendances; credits points exactly once',
      action: 'attendance.review',
      // Confirming again is a no-op (alreadyConfirmed): run once more when the connection is lost.
      idempotent: true,
      body: confirmAttendanceBody,
      response: attendanceConfirmOut,
      errors: [
        'attendance.not_found',
        'attendance.self_credit',
        'attendance.not_reviewable',
        'ledger.idempotency_conflict',
        'ledger.points_already_spent',
      ],
    },
    ({ user, body }) => svc.confirmAttendance(user, body.ids),
  );
  api.route(
    {
      method: 'post',
      path: '/attendance/:id/adjust',
      tag: 'attendance',
      summary: 'Set the minutes to credit, with a reason (a correction line once confirmed)',
      action: 'attendance.review',
      params: idParam,
      body: adjustAttendanceBody,
      response: attendanceAdjustOut,
      errors: [
        'attendance.not_found',
        'attendance.self_credit',
        'attendance.too_long',
        'ledger.idempotency_conflict',
        'ledger.points_already_spent',
      ],
    },
    ({ user, params, body }) => svc.adjustAttendance(user, params.id, body),
  );
  api.route(
    {
      method: 'post',
      path: '/attendance/manual',
      tag: 'attendance',
      summary: 'Add attendance for a volunteer without a phone, with a reason and an evidence note',
      action: 'attendance.manual',
      body: manualAttendanceBody,
      status: 201,
      response: attendanceOut,
      errors: [
        'activities.not_found',
        'activities.not_published',
        'auth.wrong_community',
        'users.not_found',
        'attendance.self_credit',
        'attendance.already_exists',
        'attendance.not_volunteer',
        'attendance.too_long',
        'ledger.idempotency_conflict',
        'ledger.points_already_spent',
      ],
    },
    ({ user, body }) => svc.addManualAttendance(user, body),
  );
}
