import { fromHundredths } from '@timebank/shared';
import type { activities } from './activities.table';

export type ActivityRow = typeof activities.$inferSelect;

export function presentActivity(a: ActivityRow, extra: { enrolled?: boolean } = {}) {
  return {
    id: a.id,
    communityId: a.communityId,
    seriesId: a.seriesId,
    title: a.title,
    category: a.category,
    topic: a.topic,
    description: a.description,
    place: { name: a.placeName, lat: a.lat, lng: a.lng },
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    capacity: a.capacity,
    enrolledCount: a.enrolledCount,
    placesLeft: Math.max(0, a.capacity - a.enrolledCount),
    pointsPerHour: fromHundredths(a.pointsPerHour),
    status: a.status,
    ...(extra.enrolled !== undefined ? { enrolled: extra.enrolled } : {}),
  };
}
