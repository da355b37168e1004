export * from '../modules/activities/activities.table';
export * from '../modules/attendance/attendance.table';
export * from '../modules/certificates/certificates.table';
export * from '../modules/communities/communities.table';
export * from '../modules/ledger/ledger.table';
export * from '../modules/system/system.table';
export * from '../modules/users/users.table';
