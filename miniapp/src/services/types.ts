/**
 * The API's answers as the app uses them: every type here is inferred from the response schemas in
 * `@timebank/shared` (shared/src/contract/), the same ones the server's answers are checked against.
 * Only the names are the app's.
 */
export type {
  ActivityCheckinCodeDto as CheckinCodeDto,
  ActivityDto,
  AttendanceCheckinDto as CheckinResultDto,
  AttendanceConfirmDto as ConfirmResultDto,
  AttendanceDto,
  AttendanceFlag,
  AttendanceReviewDto as ReviewDto,
  AuthSessionDto as SignInDto,
  BoardEntryDto as BoardPostDto,
  CaseDetailDto,
  CaseListItemDto as CaseDto,
  CaseNoteDto,
  CertificateAdminDto,
  CertificateDto,
  CertificateStatusResultDto,
  DashboardDto,
  DashboardPendingDto,
  LedgerLineDto,
  LedgerStatementDto as StatementDto,
  MerchantDirectoryEntryDto as DirectoryMerchantDto,
  MerchantDiscountDto as DiscountDto,
  MerchantDto as MerchantAdminDto,
  MerchantEventDto,
  MerchantStaffDto as StaffDto,
  MyOpenAttendanceDto,
  NotificationDto,
  TillDeviceOpenedDto as TillDeviceDto,
  TillDiscountDto as DiscountRecordDto,
  TillMyCheckDto as MyCheckDto,
  TillShopCheckDto as ShopCheckDto,
  TillVerificationDto as VerificationDto,
  UserCommunityDto as CommunityDto,
  UserMeDto as UserDto,
} from '@timebank/shared';

import type { MerchantMineDto } from '@timebank/shared';

/** The shop as its own staff see it (`GET /merchants/me` answers it with the staff list). */
export type MyMerchantDto = MerchantMineDto['merchant'];
export type { MerchantMineDto };
