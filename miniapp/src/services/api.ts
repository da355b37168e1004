/**
 * Typed calls for the endpoints under /api/v1. Request bodies are the zod input types from
 * @timebank/shared, so the app and the server agree on them at compile time.
 */
import type {
  ActivitiesListDto,
  ActivityCreatedDto,
  ActivityCreateInput,
  AttendanceAdjustDto,
  AttendanceListDto,
  AuthWechatSessionDto,
  activityUpdateBody,
  BalanceDto,
  BoardListDto,
  BoardPostDto as BoardPostCreatedDto,
  CasesListDto,
  CasesMineDto,
  CertificateAppealDto,
  CertificatesListDto,
  ConsentWithdrawnDto,
  caseCloseBody,
  certificateActionBody,
  DashboardDistrictDto,
  discountRecordBody,
  GiftLimitsDto,
  MerchantAction,
  MerchantApplicationDto,
  MerchantDirectoryDto,
  MerchantEventsDto,
  MerchantMineDto,
  MerchantStatus,
  MerchantsListDto,
  MovementDto,
  MovementListDto,
  manualAttendanceBody,
  merchantApplicationBody,
  NotificationsListDto,
  PendingGiftsDto,
  PoolDto,
  ProfileChangeDto,
  ProfileChangesDto,
  ProfileDto,
  profileUpdateBody,
  reportBody,
  staffInviteBody,
  TillMyChecksDto,
  TillShopChecksDto,
  UserMeWithCommunityDto,
  UsersCommunitiesDto,
} from '@timebank/shared';
import type { z } from 'zod';
import type { CertificateHistoryDto } from '../logic/reports';
import { http, request } from './http';
import type {
  ActivityDto,
  AttendanceDto,
  BoardPostDto,
  CaseDetailDto,
  CaseDto,
  CertificateAdminDto,
  CertificateDto,
  CertificateStatusResultDto,
  CheckinCodeDto,
  CheckinResultDto,
  ConfirmResultDto,
  DashboardDto,
  DashboardPendingDto,
  DiscountRecordDto,
  MerchantAdminDto,
  MyOpenAttendanceDto,
  ReviewDto,
  SignInDto,
  StaffDto,
  StatementDto,
  TillDeviceDto,
  VerificationDto,
} from './types';

// ---- sign-in and people ----
export const signInWithWechat = (code: string, communityId?: number) =>
  http.post<AuthWechatSessionDto>('/auth/wechat', communityId ? { code, communityId } : { code });
export const signInWithPassword = (username: string, password: string) =>
  http.post<SignInDto>('/auth/password', { username, password });
export const listCommunities = () => http.get<UsersCommunitiesDto>('/communities');
export const getMe = () => http.get<UserMeWithCommunityDto>('/me');

// ---- activities ----
export const listActivities = (
  query: { status?: 'upcoming' | 'draft' | 'published' | 'cancelled'; limit?: number } = {},
) => http.get<ActivitiesListDto>('/activities', query);
export const getActivity = (id: number) => http.get<ActivityDto>(`/activities/${id}`);
export const createActivity = (input: ActivityCreateInput) =>
  http.post<ActivityCreatedDto>('/activities', input);
export const updateActivity = (id: number, input: z.input<typeof activityUpdateBody>) =>
  http.patch<ActivityDto>(`/activities/${id}`, input);
export const publishActivity = (id: number) => http.post<ActivityDto>(`/activities/${id}/publish`);
export const cancelActivity = (id: number) => http.post<ActivityDto>(`/activities/${id}/cancel`);
export const enrol = (id: number) => http.post<ActivityDto>(`/activities/${id}/enrolment`);
export const cancelEnrolment = (id: number) => http.del<ActivityDto>(`/activities/${id}/enrolment`);

// ---- check-in ----
export const getCheckinCode = (activityId: number) =>
  http.get<CheckinCodeDto>(`/activities/${activityId}/checkin-code`);
export interface CheckinInput {
  code: string;
  activityId?: number;
  lat?: number;
  lng?: number;
}
export const checkIn = (input: CheckinInput) => http.post<CheckinResultDto>('/checkins', input);
export const checkOut = (input: CheckinInput) => http.post<CheckinResultDto>('/checkouts', input);

// ---- review ----
export const getMyOpenAttendance = () => http.get<MyOpenAttendanceDto>('/me/attendance/open');
export const getPending = (communityId?: number) =>
  http.get<DashboardPendingDto>('/dashboard/pending', { communityId });
export const getReview = (activityId?: number) => http.get<ReviewDto>('/attendance/review', { activityId });
export const getActivityAttendance = (activityId: number) =>
  http.get<AttendanceListDto>(`/activities/${activityId}/attendance`);
export const confirmAttendance = (ids: number[]) =>
  http.post<ConfirmResultDto>('/attendance/confirm', { ids });
export const adjustAttendance = (id: number, minutes: number, reason: string) =>
  http.post<AttendanceAdjustDto>(`/attendance/${id}/adjust`, {
    minutes,
    reason,
  });
export const addManualAttendance = (input: z.input<typeof manualAttendanceBody>) =>
  http.post<AttendanceDto>('/attendance/manual', input);

// ---- ledger and certificate ----
export const getMyLedger = (query: { limit?: number; before?: number } = {}) =>
  http.get<StatementDto>('/me/ledger', query);
export const getMyCertificate = () => http.get<CertificateDto>('/me/certificate');
export const openTillDevice = (label?: string) =>
  http.post<TillDeviceDto>('/me/till-device', label ? { label } : {});
export const getMyChecks = () => http.get<TillMyChecksDto>('/me/checks');
export const getMyNotifications = () => http.get<NotificationsListDto>('/me/notifications');

// ---- alliance ----
export interface DirectoryQuery {
  category?: string;
  tag?: string;
  q?: string;
  lat?: number;
  lng?: number;
}
export const listAllianceMerchants = (query: DirectoryQuery = {}) =>
  http.get<MerchantDirectoryDto>('/alliance/merchants', { ...query });
export const getMyMerchant = () => http.get<MerchantMineDto>('/merchants/me');
export const applyMerchant = (input: z.input<typeof merchantApplicationBody>) =>
  request<MerchantApplicationDto>('POST', '/merchants/applications', {
    body: input,
    auth: false,
  });
export const addStaff = (input: z.input<typeof staffInviteBody>) =>
  http.post<StaffDto>('/merchants/me/staff', input);

// ---- the till ----
export const verifyCode = (code: string) => http.post<VerificationDto>('/verifications', { code });
export const recordDiscount = (verificationId: number, input: z.input<typeof discountRecordBody>) =>
  http.post<DiscountRecordDto>(`/verifications/${verificationId}/discount`, input);
export const getShopChecks = () => http.get<TillShopChecksDto>('/merchants/me/checks');

// ---- reports ----
export const fileReport = (input: z.input<typeof reportBody>) => http.post<CaseDto>('/reports', input);
export const getMyReports = () => http.get<CasesMineDto>('/me/reports');
export const appealCertificate = (text: string) =>
  http.post<CertificateAppealDto>('/me/certificate/appeal', { text });
export const getMyCertificateHistory = () => http.get<CertificateHistoryDto>('/me/certificate/history');

// ---- board and dashboard ----
export const listBoard = () => http.get<BoardListDto>('/board');
export const postNotice = (input: { kind: BoardPostDto['kind']; title: string; body: string }) =>
  http.post<BoardPostCreatedDto>('/board/posts', input);
export const getDashboard = (communityId?: number) => http.get<DashboardDto>('/dashboard', { communityId });
export const getDistrictDashboard = () => http.get<DashboardDistrictDto>('/dashboard/district');

// ---- officers: merchants, certificates, cases ----
export const listMerchants = (status?: MerchantStatus, communityId?: number) =>
  http.get<MerchantsListDto>('/merchants', { status, communityId });
export const getMerchant = (id: number) => http.get<MerchantAdminDto>(`/merchants/${id}`);
export const getMerchantEvents = (id: number) => http.get<MerchantEventsDto>(`/merchants/${id}/events`);
export const transitionMerchant = (id: number, action: MerchantAction, reason: string) =>
  http.post<MerchantAdminDto>(`/merchants/${id}/transitions`, { action, reason });

export const listCertificates = (status?: CertificateAdminDto['status']) =>
  http.get<CertificatesListDto>('/certificates', { status });
export const changeCertificateStatus = (id: number, input: z.input<typeof certificateActionBody>) =>
  http.post<CertificateStatusResultDto>(`/certificates/${id}/status`, input);

export const listCases = (status?: CaseDto['status'], communityId?: number) =>
  http.get<CasesListDto>('/cases', { status, communityId });
export const getCase = (id: number) => http.get<CaseDetailDto>(`/cases/${id}`);
export const addCaseNote = (id: number, note: string) =>
  http.post<CaseDetailDto>(`/cases/${id}/notes`, { note });
export const closeCase = (id: number, input: z.input<typeof caseCloseBody>) =>
  http.post<CaseDetailDto>(`/cases/${id}/close`, input);

// ---- the profile page and profile-change approval ----
export const getMyProfile = () => http.get<ProfileDto>('/me/profile');
export const updateMyProfile = (body: z.input<typeof profileUpdateBody>) =>
  http.put<ProfileDto>('/me/profile', body);
export const withdrawMyProfileChange = () => http.del<ProfileDto>('/me/profile-change');
export const withdrawMyConsent = () => http.post<ConsentWithdrawnDto>('/me/consent/withdraw');
export const listProfileChanges = (communityId?: number) =>
  http.get<ProfileChangesDto>('/profile-changes', communityId ? { communityId } : undefined);
export const approveProfileChange = (id: number) =>
  http.post<ProfileChangeDto>(`/profile-changes/${id}/approve`);
export const rejectProfileChange = (id: number, reason: string) =>
  http.post<ProfileChangeDto>(`/profile-changes/${id}/reject`, { reason });
// ---- points that move (gifts, donations, the pool) ----
export const getMyBalance = () => http.get<BalanceDto>('/me/balance');
export const getMyMovements = (before?: number) =>
  http.get<MovementListDto>('/me/movements', before ? { limit: 20, before } : { limit: 20 });
export const giveGift = (body: Record<string, unknown>) => http.post<MovementDto>('/me/gifts', body);
export const cancelGift = (id: number) => http.post<MovementDto>(`/me/gifts/${id}/cancel`);
export const donatePoints = (body: { idempotencyKey: string; points: number; note?: string }) =>
  http.post<MovementDto>('/me/donations', body);
export const getPool = () => http.get<PoolDto>('/pool');
export const getPendingGifts = () => http.get<PendingGiftsDto>('/gifts/pending');
export const approveGift = (id: number) => http.post<MovementDto>(`/gifts/${id}/approve`);
export const rejectGift = (id: number, reason: string) =>
  http.post<MovementDto>(`/gifts/${id}/reject`, { reason });
export const getGiftLimits = () => http.get<GiftLimitsDto>('/gift-limits');
export const setGiftLimits = (body: { perGift: number | null; perMonth: number | null }) =>
  http.put<GiftLimitsDto>('/gift-limits', body);
