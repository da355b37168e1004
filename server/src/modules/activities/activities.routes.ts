import {
  activitiesListOut,
  activityCheckinCodeOut,
  activityCreateBody,
  activityCreatedOut,
  activityListQuery,
  activityOut,
  activityUpdateBody,
  idParam,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { ActivitiesService } from './activities.service';

/** An activity by id: it exists and is of a community the caller may act in. */
const FOUND = ['activities.not_found'];

export function activitiesRoutes(api: Api, svc: ActivitiesService) {
  api.route(
    {
      method: 'post',
      path: '/activities',
      tag: 'activities',
      summary: 'Create an activity (a draft); repeatWeeks creates weekly occurrences',
      action: 'activities.create',
      body: activityCreateBody,
      status: 201,
      response: activityCreatedOut,
      errors: [
        'activities.invalid_time',
        'activities.invalid_duration',
        'activities.start_out_of_range',
        'activities.topic_needs_digital',
        'communities.not_found',
      ],
    },
    ({ user, body }) => svc.createActivity(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/activities',
      tag: 'activities',
      summary: "List the community's activities (volunteers: published and upcoming)",
      action: 'activities.read',
      query: activityListQuery,
      response: activitiesListOut,
    },
    ({ user, query }) => svc.listActivities(user, query),
  );
  api.route(
    {
      method: 'get',
      path: '/activities/:id',
      tag: 'activities',
      summary: 'One activity',
      action: 'activities.read',
      params: idParam,
      response: activityOut,
      errors: FOUND,
    },
    ({ user, params }) => svc.getActivity(user, params.id),
  );
  api.route(
    {
      method: 'patch',
      path: '/activities/:id',
      tag: 'activities',
      summary: 'Edit an activity that has not ended or been cancelled',
      action: 'activities.manage',
      params: idParam,
      body: activityUpdateBody,
      response: activityOut,
      errors: [
        ...FOUND,
        'activities.not_editable',
        'activities.invalid_time',
        'activities.invalid_duration',
        'activities.start_out_of_range',
        'activities.capacity_below_enrolled',
        'activities.topic_needs_digital',
      ],
    },
    ({ user, params, body }) => svc.updateActivity(user, params.id, body),
  );
  api.route(
    {
      method: 'post',
      path: '/activities/:id/publish',
      tag: 'activities',
      summary: 'Publish a draft so volunteers can enrol',
      action: 'activities.manage',
      params: idParam,
      response: activityOut,
      errors: [
        ...FOUND,
        'activities.already_published',
        'activities.already_cancelled',
        'activities.already_ended',
      ],
    },
    ({ user, params }) => svc.publishActivity(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/activities/:id/cancel',
      tag: 'activities',
      summary: 'Cancel an activity',
      action: 'activities.manage',
      params: idParam,
      response: activityOut,
      errors: [...FOUND, 'activities.already_cancelled'],
    },
    ({ user, params }) => svc.cancelActivity(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/activities/:id/enrolment',
      tag: 'activities',
      summary: 'Enrol in a published activity (capacity enforced)',
      action: 'activities.enrol',
      params: idParam,
      response: activityOut,
      errors: [
        ...FOUND,
        'activities.full',
        'enrolments.already_enrolled',
        'activities.not_published',
        'activities.already_ended',
      ],
    },
    ({ user, params }) => svc.enrol(user, params.id),
  );
  api.route(
    {
      method: 'delete',
      path: '/activities/:id/enrolment',
      tag: 'activities',
      summary: 'Cancel an enrolment, freeing the place',
      action: 'activities.enrol',
      params: idParam,
      response: activityOut,
      errors: [...FOUND, 'enrolments.not_enrolled', 'enrolments.has_attendance'],
    },
    ({ user, params }) => svc.cancelEnrolment(user, params.id),
  );
  api.route(
    {
      method: 'get',
      path: '/activities/:id/checkin-code',
      tag: 'checkins',
      summary: "The rotating check-in code for the officer's screen (new every 30 s, accepted for 45 s)",
      action: 'checkins.code',
      params: idParam,
      response: activityCheckinCodeOut,
      errors: [...FOUND, 'checkins.code_not_available', 'activities.not_published'],
    },
    ({ user, params }) => svc.issueCheckinCode(user, params.id),
  );
}
