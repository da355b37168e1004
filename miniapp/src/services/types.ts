/** The API's answers as the app uses them (the request bodies come from the zod schemas in @timebank/shared). */
import type { ActivityCategory, AttendanceFlag, MerchantStatus, Role } from '@timebank/shared';
import type { LedgerLineDto } from '../logic/ledger';
import type { AttendanceDto } from '../logic/review';
import type { CheckinCodeDto } from '../logic/rotation';

export type { AttendanceDto, CheckinCodeDto, LedgerLineDto };

export interface UserDto {
  id: number;
  role: Role;
  communityId: number | null;
  displayName: string;
  realName: string | null;
  phoneMasked: string | null;
  photoRef: string | null;
  consent: unknown;
  community?: { id: number; name: string } | null;
}

export interface SignInDto {
  token: string;
  expiresAt: string;
  user: UserDto;
  created?: boolean;
}

export interface CommunityDto {
  id: number;
  name: string;
}

export interface ActivityDto {
  id: number;
  communityId: number;
  seriesId: string | null;
  title: string;
  category: ActivityCategory;
  description: string;
  place: { name: string; lat: number; lng: number };
  startsAt: string;
  endsAt: string;
  capacity: number;
  enrolledCount: number;
  placesLeft: number;
  pointsPerHour: number;
  status: 'draft' | 'published' | 'cancelled';
  /** Only for volunteers. */
  enrolled?: boolean;
}

export interface CheckinResultDto extends Omit<AttendanceDto, 'volunteer'> {
  volunteer: { id: number };
}

export interface StatementDto {
  balance: number;
  lifetimeEarned: number;
  lifetimeHours: number;
  certificate: { threshold: number; remaining: number; issued: boolean; status: string | null };
  lines: LedgerLineDto[];
  nextBefore: number | null;
}

export interface CertificateDto {
  serial: string;
  holder: { displayName: string; realName: string | null; photoRef: string | null };
  community: { id: number; name: string };
  level: number;
  issuedAt: string;
  issuedOn: string;
  status: 'active' | 'suspended' | 'revoked';
  statusReason: string | null;
}

export interface TillDeviceDto {
  deviceId: string;
  secretHex: string;
  stepSeconds: number;
  credential: { kind: 'certificate' | 'merchant'; serial: string; level?: number };
  replacedPreviousDevice: boolean;
}

export interface DiscountDto {
  percentOff: number | null;
  text: string | null;
  conditions: string | null;
  label: string;
}

export interface DirectoryMerchantDto {
  id: number;
  name: string;
  category: string;
  tags: string[];
  address: string;
  location: { lat: number; lng: number };
  openingHours: string;
  contactPhone: string;
  photos: string[];
  discount: DiscountDto;
  warned: boolean;
  distanceM: number | null;
}

export interface MyMerchantDto extends DirectoryMerchantDto {
  communityId: number;
  licenceNo: string;
  status: MerchantStatus;
  statusReason: string | null;
  credentialSerial: string | null;
}

export type VerificationDto =
  | {
      id: number;
      valid: true;
      checkedAt: string;
      credential: { kind: string; label: string; level: number | null };
      holder: { photoRef: string | null; maskedName: string | null };
      discount: DiscountDto;
      flagged: boolean;
    }
  | { id: number; valid: false; reason: string; message: string; checkedAt: string };

export interface DiscountRecordDto {
  id: number;
  verificationId: number;
  billAmount: number | null;
  savingAmount: number | null;
  note: string | null;
}

export interface MyCheckDto {
  id: number;
  at: string;
  merchant: { id: number; name: string };
  valid: boolean;
  reason: string | null;
  reasonMessage: string | null;
  discount: { savingAmount: number | null } | null;
}

export interface ReviewDto {
  items: AttendanceDto[];
  exceptions: number;
}

export interface ConfirmResultDto {
  confirmed: { id: number; alreadyConfirmed: boolean; points: number }[];
}

export interface NotificationDto {
  id: number;
  kind: string;
  title?: string;
  body?: string;
  createdAt: string;
  [k: string]: unknown;
}

export type { AttendanceFlag };

/** What officers see of a merchant (GET /merchants, /merchants/:id). */
export interface MerchantAdminDto extends MyMerchantDto {
  pledge: { version: string; acceptedAt: string };
  createdAt: string;
}

export interface MerchantEventDto {
  id: number;
  action: string;
  from: string | null;
  to: string;
  reason: string;
  actor: { id: number; displayName: string };
  at: string;
}

/** A certificate in the officer's list (GET /certificates). */
export interface CertificateAdminDto {
  id: number;
  serial: string;
  holder: { id: number; displayName: string };
  level: number;
  status: 'active' | 'suspended' | 'revoked';
  statusReason: string | null;
  issuedAt: string;
  lifetimeEarned: number;
}

export interface CertificateStatusResultDto {
  id: number;
  serial: string;
  status: 'active' | 'suspended' | 'revoked';
  statusReason: string | null;
}

export interface CaseDto {
  id: number;
  kind: 'refused_discount' | 'lent_certificate';
  status: 'open' | 'closed';
  merchant: { id: number; name: string | null } | null;
  verificationId: number | null;
  subjectUserId: number | null;
  reporterId: number;
  description: string;
  resolution: 'upheld' | 'dismissed' | null;
  outcome: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface CaseNoteDto {
  id: number;
  note: string;
  author: string;
  at: string;
}

export interface CaseDetailDto extends CaseDto {
  notes: CaseNoteDto[];
}

export interface StaffDto {
  id: number;
  displayName: string;
  username: string | null;
  isOwner: boolean;
}

/** A check at this shop (GET /merchants/me/checks). */
export interface ShopCheckDto {
  id: number;
  at: string;
  valid: boolean;
  reason: string | null;
  kind: string;
  discount: { billAmount: number | null; savingAmount: number | null } | null;
}

export interface BoardPostDto {
  id: number;
  kind: 'recruitment' | 'activity_push';
  title: string;
  body: string;
  merchant: { id: number; name: string };
  honouredDiscounts90d: number;
  createdAt: string;
}

/** GET /dashboard: one community at a glance. */
export interface DashboardDto {
  community: { id: number; name: string };
  generatedAt: string;
  volunteers: { registered: number; active30d: number; active90d: number };
  service: {
    byWeek: { start: string; hours: number; points: number }[];
    byMonth: { start: string; hours: number; points: number }[];
  };
  activities: {
    held90d: number;
    digitalSkillsHeld90d: number;
    enrolled90d: number;
    attended90d: number;
    attendanceRate: number | null;
  };
  certificates: Record<string, number>;
  merchants: Record<string, number>;
  merchantChecks90d: {
    merchantId: number;
    name: string;
    checks: number;
    discounts: number;
    savingTotal: number;
  }[];
  openCases: number;
}
